// What a command handler is. Handlers live in handlers/commands/, one file per command; the dispatcher
// (dispatcher.ts) finds them by name or alias, for Slack, Lark and the playground alike.
import type { DateTime } from "luxon";
import type { Locale } from "../domain/i18n.js";
import type { MemberProfile } from "../members/types.js";
import type { OutgoingMessage } from "./message.js";
import type { PlatformName } from "./platform.js";

export type Conversation = "direct" | "group";

export interface CommandContext<Services> {
  member: MemberProfile;
  locale: Locale;
  /** Now, in the member's timezone. */
  now: DateTime;
  /** Words after the command name, normalised (full-width folded, whitespace collapsed). */
  args: string[];
  /** The whole normalised text after the command name. */
  rest: string;
  platform: PlatformName;
  /**
   * Where the command was typed: a one-to-one chat with the bot, or a channel/group others can read. Commands
   * that show or take a secret refuse in a group.
   */
  conversation: Conversation;
  /** The platform's delivery id, so a redelivered command cannot act twice. */
  eventId?: string;
  services: Services;
}

export interface CommandHandler<Services> {
  /** Slash command name without "/", e.g. "kpi". */
  name: string;
  /** Other words that run it, lower case: Chinese names, shorthands. */
  aliases: string[];
  summary: Record<Locale, string>;
  /** Usage lines with working examples, shown by "/<name> help" and after errors. */
  usage: Record<Locale, string[]>;
  run(ctx: CommandContext<Services>): Promise<OutgoingMessage | OutgoingMessage[]>;
  /**
   * The typed text as the audit log and the server log may keep it, for a command that takes a secret
   * (/shop connect): the dispatcher writes a refused or failed command's text to both.
   */
  redact?(text: string): string;
}
