// The Undo button under a log confirmation.
import type { ActionHandler } from "../../src/chat/actions.js";
import { message } from "../../src/chat/message.js";
import { t } from "../../src/domain/i18n.js";
import type { Services } from "../../src/services.js";
import { describe } from "../commands/log.js";

export const undoLogAction: ActionHandler<Services> = {
  actionId: "log.undo",
  async run({ member, locale, value, services }) {
    const undone = await services.logs.undo(member, value);
    const what = describe(undone.kind, undone.count, locale);
    return message([{ type: "section", text: `↩️ ${t(locale, "log.undone", { what, date: undone.localDate })}` }]);
  },
};
