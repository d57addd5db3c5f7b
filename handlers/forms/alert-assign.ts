// "Assign" under an alert: pick who follows it up. The assignee hears about it by direct message.
import { FORM_IDS, type FormHandler } from "../../src/chat/forms.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import type { Services } from "../../src/services.js";

export const alertAssignForm: FormHandler<Services> = {
  formId: FORM_IDS.alertAssign,
  async build({ member, locale, services, state }) {
    const { people, groupKey } = await services.alerts.assignees(member, state ?? "");
    return {
      formId: FORM_IDS.alertAssign,
      title: t(locale, "form.alert_assign.title"),
      submitLabel: t(locale, "form.alert_assign.submit"),
      state: groupKey,
      fields: [
        {
          id: "assignee",
          label: t(locale, "form.alert_assign.who"),
          kind: "select",
          options: people.map((p) => ({ value: p.handle, label: `${p.displayName} (@${p.handle})` })),
          initial: member.handle,
        },
      ],
    };
  },
  async submit({ member, locale, services, values, state, platform }) {
    const handle = (values.assignee ?? "").trim();
    if (!handle) return { ok: false, errors: { assignee: t(locale, "form.alert_assign.who_missing") } };
    try {
      const { message } = await services.alerts.assign(member, state ?? "", handle, locale, platform);
      return { ok: true, message };
    } catch (error) {
      if (error instanceof UserError && error.key === "alert.bad_assignee") {
        return { ok: false, errors: { assignee: t(locale, error.key, error.params) } };
      }
      throw error;
    }
  },
};
