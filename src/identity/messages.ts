// The words of the linking flow: what an unknown user is told, what admins are asked, what a new member hears.
import { type Block, message, type OutgoingMessage } from "../chat/message.js";
import { type Locale, t } from "../domain/i18n.js";
import type { MemberProfile } from "../members/types.js";
import type { LinkRequestView } from "./service.js";

export const LINK_CONFIRM_ACTION = "link.confirm";
export const LINK_REJECT_ACTION = "link.reject";

/** We do not know an unknown user's language yet, so they get both. */
export function unknownUserMessage(): OutgoingMessage {
  return message([{ type: "section", text: `👋 ${t("en", "link.unknown_user")}\n\n${t("zh", "link.unknown_user")}` }], {
    ephemeral: true,
  });
}

export function linkRequestedMessage(code: string, handle: string): OutgoingMessage {
  return message(
    [
      {
        type: "section",
        text: `${t("en", "link.requested", { code, handle })}\n${t("zh", "link.requested", { code, handle })}`,
      },
    ],
    { ephemeral: true },
  );
}

export function linkRequestMessage(view: LinkRequestView, locale: Locale): OutgoingMessage {
  const blocks: Block[] = [
    {
      type: "section",
      text: `🔗 ${t(locale, "link.admin_request", {
        user: view.userLabel,
        platform: view.platform === "slack" ? "Slack" : "Lark",
        handle: view.handle,
        name: view.displayName,
        code: view.code,
      })}`,
    },
    {
      type: "actions",
      buttons: [
        { actionId: LINK_CONFIRM_ACTION, label: t(locale, "link.confirm_button"), value: view.code, style: "primary" },
        { actionId: LINK_REJECT_ACTION, label: t(locale, "link.reject_button"), value: view.code, style: "danger" },
      ],
    },
  ];
  return message(blocks);
}

export function welcomeMessage(member: MemberProfile, locale: Locale): OutgoingMessage {
  return message([{ type: "section", text: `✅ ${t(locale, "link.welcome", { handle: member.handle })}` }]);
}

export function bootstrapMessage(member: MemberProfile): OutgoingMessage {
  return message([{ type: "section", text: `🎉 ${t(member.language, "link.bootstrap", { handle: member.handle })}` }], {
    ephemeral: true,
  });
}

export function linkConfirmedMessage(
  request: { platform: string; platformUserId: string },
  handle: string,
  locale: Locale,
): OutgoingMessage {
  const platform = request.platform === "lark" ? "Lark" : "Slack";
  return message([
    { type: "section", text: `✅ ${t(locale, "link.confirmed", { user: request.platformUserId, platform, handle })}` },
  ]);
}

export function linkRejectedMessage(code: string, locale: Locale): OutgoingMessage {
  return message([{ type: "section", text: `🚫 ${t(locale, "link.rejected", { code })}` }]);
}

/** A team or tenant not on the allow-list: we do not know their language, so both. Says nothing else about us. */
export function notConnectedMessage(): OutgoingMessage {
  return message(
    [
      {
        type: "section",
        text: `🔒 ${t("en", "error.workspace_not_connected")}\n${t("zh", "error.workspace_not_connected")}`,
      },
    ],
    { ephemeral: true },
  );
}
