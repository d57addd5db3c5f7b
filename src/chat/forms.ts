// Forms: a few questions answered at once (set a target, answer the standup). The core describes a form once;
// Slack shows it as a modal, Lark as a card form, the playground as an HTML form. A command or button opens one
// by returning a message that carries it (OutgoingMessage.form).
import type { DateTime } from "luxon";
import type { Locale } from "../domain/i18n.js";
import type { MemberProfile } from "../members/types.js";
import type { OutgoingMessage } from "./message.js";
import type { PlatformName } from "./platform.js";

/** Ids of the forms the core itself opens (App Home buttons, the scheduled standup). */
export const FORM_IDS = { standup: "standup.answer", target: "target.set", alertAssign: "alert.assign" } as const;

export interface FormOption {
  value: string;
  label: string;
}

export interface FormField {
  /** Key of the answer in the submitted values. */
  id: string;
  label: string;
  kind: "text" | "multiline" | "select";
  options?: FormOption[];
  initial?: string;
  placeholder?: string;
  /** A short help line under the field. */
  hint?: string;
  optional?: boolean;
}

export interface FormSpec {
  formId: string;
  title: string;
  submitLabel: string;
  /** A line above the fields (e.g. the date the standup is for). */
  intro?: string;
  fields: FormField[];
  /** Opaque state the form hands back on submission (e.g. the local date a standup is for). */
  state?: string;
}

export interface FormContext<Services> {
  member: MemberProfile;
  locale: Locale;
  now: DateTime;
  platform: PlatformName;
  eventId?: string;
  services: Services;
}

export type FormResult =
  | { ok: true; message: OutgoingMessage }
  /** Per-field messages in the member's language; nothing was changed. */
  | { ok: false; errors: Record<string, string> };

export interface FormHandler<Services> {
  formId: string;
  /** The form as this member should see it now (their team's questions, their targets' metrics...). */
  build(ctx: FormContext<Services> & { state?: string }): Promise<FormSpec>;
  submit(ctx: FormContext<Services> & { values: Record<string, string>; state?: string }): Promise<FormResult>;
}
