// The "set a target" form: the same grammar as "/target set", field by field. Answers are turned into the
// command's words and go through the same parser and service, so the form and the command cannot disagree.
import { FORM_IDS, type FormHandler } from "../../src/chat/forms.js";
import { PermissionDenied, UserError } from "../../src/domain/errors.js";
import { type MessageKey, t } from "../../src/domain/i18n.js";
import { METRICS } from "../../src/domain/metrics.js";
import { parseTargetArgs } from "../../src/domain/target-grammar.js";
import type { Services } from "../../src/services.js";
import { renderTargetSet } from "../commands/target.js";

export const TARGET_FORM = FORM_IDS.target;

const PERIODS = [
  { value: "month", key: "period.month" },
  { value: "week", key: "period.week" },
  { value: "quarter", key: "period.quarter" },
  { value: "next-month", key: "period.next_month" },
] as const;

/** Which field a grammar or service error is about, so the form can show it in the right place. */
const FIELD_OF_ERROR: Partial<Record<MessageKey, string>> = {
  "error.unknown_metric": "metric",
  "target.bad_period": "period",
  "error.bad_tiers": "tiers",
  "error.bad_number": "tiers",
  "target.currency_not_money": "currency",
  "target.unknown_word": "who",
  "target.need_scope": "who",
  "error.unknown_member": "who",
  "error.unknown_team": "who",
  "target.unknown_market": "who",
  "target.bad_weight": "weight",
};

export const targetForm: FormHandler<Services> = {
  formId: TARGET_FORM,
  async build({ locale }) {
    return {
      formId: TARGET_FORM,
      title: t(locale, "form.target.title"),
      submitLabel: t(locale, "form.target.submit"),
      fields: [
        {
          id: "metric",
          label: t(locale, "form.target.metric"),
          kind: "select",
          options: METRICS.map((m) => ({ value: m.key, label: locale === "zh" ? m.nameZh : m.nameEn })),
          initial: "gmv_gross",
        },
        {
          id: "period",
          label: t(locale, "form.target.period"),
          kind: "select",
          options: PERIODS.map((p) => ({ value: p.value, label: t(locale, p.key) })),
          initial: "month",
        },
        {
          id: "tiers",
          label: t(locale, "form.target.tiers"),
          kind: "text",
          placeholder: "40000/50000/65000",
          hint: t(locale, "form.target.tiers_hint"),
        },
        { id: "currency", label: t(locale, "form.target.currency"), kind: "text", placeholder: "USD", optional: true },
        {
          id: "who",
          label: t(locale, "form.target.who"),
          kind: "text",
          placeholder: "@sari",
          hint: t(locale, "form.target.who_hint"),
          optional: true,
        },
        { id: "weight", label: t(locale, "form.target.weight"), kind: "text", placeholder: "50%", optional: true },
      ],
    };
  },
  async submit({ member, locale, services, values }) {
    const words = (key: string) => (values[key] ?? "").trim().split(/\s+/).filter(Boolean);
    if (!values.tiers?.trim()) return { ok: false, errors: { tiers: t(locale, "form.required") } };
    const weight = words("weight");
    const args = [
      ...words("metric"),
      ...words("period"),
      ...words("tiers"),
      ...words("currency"),
      ...words("who"),
      ...(weight.length ? ["weight", ...weight] : []),
    ];
    try {
      const result = await services.targets.set(member, parseTargetArgs(args, { requireTiers: true }));
      return { ok: true, message: renderTargetSet(result, locale) };
    } catch (error) {
      if (!(error instanceof UserError) || error instanceof PermissionDenied) throw error;
      // A word the grammar did not expect belongs to whichever field it was typed in.
      const typedIn =
        error.key === "target.unknown_word"
          ? Object.keys(values).find((key) => words(key).includes(String(error.params.word)))
          : undefined;
      const field = typedIn ?? FIELD_OF_ERROR[error.key] ?? "tiers";
      return { ok: false, errors: { [field]: t(locale, error.key, error.params) } };
    }
  },
};
