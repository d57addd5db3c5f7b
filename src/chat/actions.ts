// Button clicks (undo a log, acknowledge or snooze an alert), the same for every platform.
import type { DateTime } from "luxon";
import type { Locale } from "../domain/i18n.js";
import type { MemberProfile } from "../members/types.js";
import type { OutgoingMessage } from "./message.js";
import type { PlatformName } from "./platform.js";

export interface ActionContext<Services> {
  member: MemberProfile;
  locale: Locale;
  now: DateTime;
  value: string;
  platform: PlatformName;
  eventId?: string;
  services: Services;
}

export interface ActionHandler<Services> {
  actionId: string;
  /** The message that replaces the one holding the button (e.g. "Undone"). */
  run(ctx: ActionContext<Services>): Promise<OutgoingMessage>;
}
