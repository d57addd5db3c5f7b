// One grammar for Slack, Lark and the playground: normalise the text, find the command, run it, and turn
// every failure into a friendly reply in the member's language (with a correct example), never a throw.
import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import type { AuditEntry } from "../audit/repository.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { tryAgainMessage } from "../deliveries/outage.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { type Locale, t } from "../domain/i18n.js";
import { normalizeInput } from "../domain/numbers.js";
import { charLength, cleanText } from "../domain/text.js";
import type { MemberProfile } from "../members/types.js";
import type { ActionHandler } from "./actions.js";
import type { CommandHandler, Conversation } from "./commands.js";
import type { FormHandler, FormResult } from "./forms.js";
import { type Block, message, type OutgoingMessage } from "./message.js";
import type { PlatformName } from "./platform.js";

export interface DispatchRequest {
  member: MemberProfile;
  text: string;
  platform: PlatformName;
  /** A DM with the bot, or a channel or group chat (where secrets must not be shown). */
  conversation: Conversation;
  eventId?: string;
}

export interface ActionRequest {
  member: MemberProfile;
  actionId: string;
  value: string;
  platform: PlatformName;
  eventId?: string;
}

export interface FormRequest {
  member: MemberProfile;
  formId: string;
  values: Record<string, string>;
  state?: string;
  platform: PlatformName;
  eventId?: string;
}

/** A button that opens a form; its value is "<formId>" or "<formId>:<state>". */
export const OPEN_FORM_ACTION = "form.open";

export interface DispatcherDeps<Services> {
  handlers: CommandHandler<Services>[];
  actions: ActionHandler<Services>[];
  forms?: FormHandler<Services>[];
  services: Services;
  clock: () => DateTime;
  audit: { record(entry: AuditEntry): Promise<void> };
  log: { error(message: string, error?: unknown): void };
}

const HELP_WORDS = new Set(["help", "帮助", "?", "？", "h"]);

/**
 * The longest command read: the longest a grammar takes (a 500-character note, a 300-character standup question)
 * fits many times over, and anything longer is a paste accident that every grammar would otherwise walk. Message
 * "error.command_too_long".
 */
export const MAX_COMMAND_CHARS = 4000;
/**
 * The longest button value read: Slack caps a button's value at 2,000 characters and ours are ids, so a longer one
 * was not made by us. Answered as a stale button ("error.unknown_action").
 */
export const MAX_ACTION_VALUE_CHARS = 2000;

/** Form answers are multi-line text: cleaned, with their line breaks kept (keys are field ids, single-line). */
function cleanValues(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== "string") continue;
    Object.defineProperty(out, cleanText(key), {
      value: cleanText(value, { multiline: true }),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function createDispatcher<Services>(deps: DispatcherDeps<Services>) {
  const byWord = new Map<string, CommandHandler<Services>>();
  for (const handler of deps.handlers) {
    for (const word of [handler.name, ...handler.aliases]) {
      const key = word.toLowerCase();
      if (byWord.has(key)) throw new Error(`Two commands answer to "${word}"`);
      byWord.set(key, handler);
    }
  }

  function overview(locale: Locale): OutgoingMessage {
    const blocks: Block[] = [
      { type: "header", text: t(locale, "help_title") },
      ...deps.handlers.map(
        (h): Block => ({ type: "section", text: `/${h.name}: ${h.summary[locale]}\n${h.usage[locale][0] ?? ""}` }),
      ),
      { type: "context", text: t(locale, "help_footer") },
    ];
    return message(blocks, { ephemeral: true });
  }

  function commandHelp(handler: CommandHandler<Services>, locale: Locale): OutgoingMessage {
    return message(
      [
        { type: "header", text: `/${handler.name}` },
        { type: "section", text: handler.summary[locale] },
        { type: "section", text: handler.usage[locale].join("\n") },
      ],
      { ephemeral: true },
    );
  }

  async function dispatch(typed: DispatchRequest): Promise<OutgoingMessage[]> {
    const locale = typed.member.language;
    // One place at the edge: NUL, control characters, lone surrogates and bidi overrides go before any grammar,
    // query or audit row sees the text (a NUL made the write fail, and with it the audit row of a denial).
    const request = { ...typed, text: cleanText(typed.text) };
    try {
      const length = charLength(request.text);
      if (length > MAX_COMMAND_CHARS) throw new UserError("error.command_too_long", { length, max: MAX_COMMAND_CHARS });
      const text = normalizeInput(request.text);
      // Lark users type "kpi" or "/kpi"; Slack always sends the command name with its "/".
      const [first = "", ...args] = text.replace(/^\/+/, "").split(" ").filter(Boolean);
      const word = first.toLowerCase();
      if (word === "" || HELP_WORDS.has(word)) return [overview(locale)];
      const handler = byWord.get(word);
      if (!handler) {
        throw new UserError("error.unknown_command", {
          command: `/${first}`,
          commands: deps.handlers.map((h) => `/${h.name}`).join(", "),
        });
      }
      if (args.length === 1 && HELP_WORDS.has(args[0]?.toLowerCase() ?? "")) return [commandHelp(handler, locale)];
      const result = await handler.run({
        member: request.member,
        locale,
        now: deps.clock().setZone(request.member.timezone),
        args,
        rest: args.join(" "),
        platform: request.platform,
        conversation: request.conversation,
        eventId: request.eventId,
        services: deps.services,
      });
      return Array.isArray(result) ? result : [result];
    } catch (error) {
      return [await explain(error, { ...request, text: keptText(request.text) }, locale)];
    }
  }

  /**
   * What the audit log and the server log may keep of a typed command. A command that takes a secret blanks it
   * (CommandHandler.redact), so neither a denial's audit row nor a failure's log line holds a shop's token.
   */
  function keptText(text: string): string {
    const normal = normalizeInput(text);
    const [first = ""] = normal.replace(/^\/+/, "").split(" ").filter(Boolean);
    const handler = byWord.get(first.toLowerCase());
    return handler?.redact ? handler.redact(normal) : text;
  }

  async function explain(
    error: unknown,
    request: Pick<DispatchRequest, "member" | "text">,
    locale: Locale,
  ): Promise<OutgoingMessage> {
    if (error instanceof PermissionDenied) {
      await deps.audit
        .record({
          workspaceId: request.member.workspaceId,
          actorId: request.member.id,
          action: error.action,
          subject: request.text.slice(0, 200),
          allowed: false,
          detail: { reason: error.reasonKey, ...error.params },
        })
        .catch((auditError: unknown) => deps.log.error("could not write the audit log", auditError));
    }
    // The database went away mid-command: nothing was written (the failed statement rolled its transaction
    // back), so "send it again" is the whole truth. The adapter sees the reply and gives the delivery's claim back.
    if (isDatabaseUnavailable(error)) {
      deps.log.error(`database unavailable during: ${request.text.slice(0, 200)}`, error);
      return tryAgainMessage(locale);
    }
    if (error instanceof UserError) {
      const blocks: Block[] = [{ type: "section", text: `⚠️ ${t(locale, error.key, error.params)}` }];
      if (error.example) blocks.push({ type: "context", text: `${t(locale, "example")}: ${error.example}` });
      return message(blocks, { ephemeral: true });
    }
    const ref = randomBytes(4).toString("hex");
    deps.log.error(`command failed (ref ${ref}): ${request.text.slice(0, 200)}`, error);
    return message([{ type: "section", text: `⚠️ ${t(locale, "error.internal_error", { ref })}` }], { ephemeral: true });
  }

  const formById = (formId: string) => {
    const form = deps.forms?.find((f) => f.formId === formId);
    if (!form) throw new UserError("error.unknown_action", { action: formId });
    return form;
  };

  async function dispatchAction(clicked: ActionRequest): Promise<OutgoingMessage> {
    const locale = clicked.member.language;
    // A button's id and value come back from the platform and can be forged: cleaned like typed text.
    const request = { ...clicked, actionId: cleanText(clicked.actionId), value: cleanText(clicked.value) };
    try {
      if (request.value.length > MAX_ACTION_VALUE_CHARS || request.actionId.length > MAX_ACTION_VALUE_CHARS)
        throw new UserError("error.unknown_action", { action: request.actionId.slice(0, 40) });
      if (request.actionId === OPEN_FORM_ACTION) {
        const [formId = "", ...state] = request.value.split(":");
        const spec = await formById(formId).build({
          member: request.member,
          locale,
          now: deps.clock().setZone(request.member.timezone),
          platform: request.platform,
          eventId: request.eventId,
          services: deps.services,
          state: state.length ? state.join(":") : undefined,
        });
        return message([{ type: "section", text: spec.title }], { ephemeral: true, form: spec });
      }
      const action = deps.actions.find((a) => a.actionId === request.actionId);
      if (!action) throw new UserError("error.unknown_action", { action: request.actionId });
      return await action.run({
        member: request.member,
        locale,
        now: deps.clock().setZone(request.member.timezone),
        value: request.value,
        platform: request.platform,
        eventId: request.eventId,
        services: deps.services,
      });
    } catch (error) {
      return explain(error, { ...request, text: `[button ${request.actionId}]` }, locale);
    }
  }

  /** A submitted form. Bad answers come back per field and change nothing; other failures become a reply. */
  async function submitForm(submitted: FormRequest): Promise<FormResult> {
    const locale = submitted.member.language;
    const request = {
      ...submitted,
      formId: cleanText(submitted.formId),
      values: cleanValues(submitted.values ?? {}),
      state: submitted.state === undefined ? undefined : cleanText(submitted.state),
    };
    try {
      return await formById(request.formId).submit({
        member: request.member,
        locale,
        now: deps.clock().setZone(request.member.timezone),
        platform: request.platform,
        eventId: request.eventId,
        services: deps.services,
        values: request.values,
        state: request.state,
      });
    } catch (error) {
      return { ok: true, message: await explain(error, { ...request, text: `[form ${request.formId}]` }, locale) };
    }
  }

  return {
    dispatch,
    dispatchAction,
    submitForm,
    handlers: deps.handlers,
    actions: deps.actions,
    forms: deps.forms ?? [],
  };
}

export type Dispatcher<Services> = ReturnType<typeof createDispatcher<Services>>;

/** The system clock; tests pass a fixed one instead. */
export const systemClock = () => DateTime.utc();
