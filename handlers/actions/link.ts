// Confirm / Reject under a link request that admins receive by direct message.
import type { ActionHandler } from "../../src/chat/actions.js";
import {
  LINK_CONFIRM_ACTION,
  LINK_REJECT_ACTION,
  linkConfirmedMessage,
  linkRejectedMessage,
} from "../../src/identity/messages.js";
import type { Services } from "../../src/services.js";

export const confirmLinkAction: ActionHandler<Services> = {
  actionId: LINK_CONFIRM_ACTION,
  async run({ member, locale, value, services }) {
    const { member: linked, request } = await services.identity.confirm(member, value);
    return linkConfirmedMessage(request, linked.handle, locale);
  },
};

export const rejectLinkAction: ActionHandler<Services> = {
  actionId: LINK_REJECT_ACTION,
  async run({ member, locale, value, services }) {
    return linkRejectedMessage((await services.identity.reject(member, value)).code, locale);
  },
};
