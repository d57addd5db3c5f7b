// The Undo button under a log confirmation.
import type { ActionHandler } from "../../src/chat/actions.js";
import { message } from "../../src/chat/message.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import type { Services } from "../../src/services.js";
import { describe } from "../commands/log.js";

/** A cuid is 25 characters; room to spare for another id scheme. */
const MAX_LOG_ID = 40;

export const undoLogAction: ActionHandler<Services> = {
  actionId: "log.undo",
  async run({ member, locale, value, services }) {
    // Log ids are cuids: a longer value is not one and is not looked up.
    if (value.length > MAX_LOG_ID) throw new UserError("log.nothing_to_undo", {}, "/log video 3");
    const undone = await services.logs.undo(member, value);
    const what = describe(undone.kind, undone.count, locale);
    return message([{ type: "section", text: `↩️ ${t(locale, "log.undone", { what, date: undone.localDate })}` }]);
  },
};
