// The standup form: the team's questions for today, answered at once (a Slack modal, a Lark card, an HTML form).
import { FORM_IDS, type FormHandler } from "../../src/chat/forms.js";
import { message } from "../../src/chat/message.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import type { Services } from "../../src/services.js";
import { MAX_ANSWER_CHARS } from "../../src/standup/service.js";

export const STANDUP_FORM = FORM_IDS.standup;

export const standupForm: FormHandler<Services> = {
  formId: STANDUP_FORM,
  async build({ member, locale, services, state }) {
    if (!member.team) throw new UserError("standup.no_team");
    // A button carries the day; an impossible or stale one is refused, never stored as another day.
    const date = services.standup.formDate(member, state);
    const questions = await services.standup.questionsFor(member.team.id);
    return {
      formId: STANDUP_FORM,
      title: t(locale, "standup.title"),
      submitLabel: t(locale, "standup.submit"),
      intro: t(locale, "standup.intro", { team: member.team.name, date }),
      fields: questions.map((q) => ({
        id: q.id,
        label: locale === "zh" ? q.textZh : q.textEn,
        kind: "multiline" as const,
        optional: true,
      })),
      // The day travels with the form, so answers sent after midnight still count for the standup they answer.
      state: date,
    };
  },
  async submit({ member, locale, services, values, state }) {
    const date = services.standup.formDate(member, state);
    const tooLong = services.standup.overLong(values);
    if (tooLong.size) {
      // Each long answer is named under its own field; what was typed stays in the form.
      const errors: Record<string, string> = {};
      for (const [id, length] of tooLong)
        errors[id] = t(locale, "standup.answer_too_long", { length, max: MAX_ANSWER_CHARS });
      return { ok: false, errors };
    }
    const { saved } = await services.standup.save(member, date, values);
    if (saved === 0) {
      // Shown under the first question, the one a member most likely meant to answer.
      const [first] = member.team ? await services.standup.questionsFor(member.team.id) : [];
      return { ok: false, errors: { [first?.id ?? "answer"]: t(locale, "standup.empty") } };
    }
    return {
      ok: true,
      message: message([{ type: "section", text: `📝 ${t(locale, "standup.saved", { date, count: saved })}` }]),
    };
  },
};
