// The Acknowledge and Snooze buttons under an alert. (Assign opens the assign form: handlers/forms/alert-assign.ts.)
import { ALERT_ACTIONS, SNOOZE_CHOICES } from "../../src/alerts/render.js";
import type { ActionHandler } from "../../src/chat/actions.js";
import { UserError } from "../../src/domain/errors.js";
import type { Services } from "../../src/services.js";

export const acknowledgeAlertAction: ActionHandler<Services> = {
  actionId: ALERT_ACTIONS.ack,
  run({ member, locale, value, services, platform }) {
    return services.alerts.acknowledge(member, value, locale, platform);
  },
};

export const snoozeAlertAction: ActionHandler<Services> = {
  actionId: ALERT_ACTIONS.snooze,
  run({ member, locale, value, services, platform }) {
    // "<group>|<minutes>": only the offered lengths, so a forged value cannot snooze for a year.
    const [groupKey = "", minutesText = ""] = value.split("|");
    const minutes = Number(minutesText);
    if (!SNOOZE_CHOICES.includes(minutes as (typeof SNOOZE_CHOICES)[number])) {
      throw new UserError("alert.bad_duration", { value: minutesText }, "/alert snooze a1b2c3 12h");
    }
    return services.alerts.snooze(member, groupKey, minutes, locale, platform);
  },
};
