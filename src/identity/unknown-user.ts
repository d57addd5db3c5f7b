// What a chat user Starling does not know is told, the same in Slack and Lark: "kpi link @handle" asks the admins
// to confirm; anything else explains how to ask. Both languages, since we do not know which one they read.
import { message, type OutgoingMessage } from "../chat/message.js";
import { UserError } from "../domain/errors.js";
import { t } from "../domain/i18n.js";
import { cleanText } from "../domain/text.js";
import { linkRequestedMessage, unknownUserMessage } from "./messages.js";
import type { LinkPlatform } from "./repository.js";
import type { IdentityService } from "./service.js";

/** The words after "kpi" that ask for a link. */
export const LINK_WORDS = ["link", "关联", "绑定"];

function bilingualError(error: UserError): OutgoingMessage {
  return message(
    [{ type: "section", text: `⚠️ ${t("en", error.key, error.params)}\n${t("zh", error.key, error.params)}` }],
    { ephemeral: true },
  );
}

export async function answerUnknownUser(
  identity: IdentityService,
  input: { workspaceId: string; platform: LinkPlatform; userId: string; userLabel: string; text: string },
): Promise<OutgoingMessage> {
  // This path reaches the database without the dispatcher, so the text (and the platform's label for the user) is
  // cleaned here too: a NUL or a lone surrogate made the link request's query fail.
  const text = cleanText(input.text);
  // "/kpi link @dewi" in Slack, "kpi link @dewi" (or "/kpi …") in Lark.
  const [command, word, handle] = text.trim().replace(/^\/+/, "").split(/\s+/);
  if (command?.toLowerCase() !== "kpi" || !LINK_WORDS.includes(word?.toLowerCase() ?? "")) return unknownUserMessage();
  try {
    const request = await identity.requestLink({
      workspaceId: input.workspaceId,
      platform: input.platform,
      userId: input.userId,
      userLabel: cleanText(input.userLabel),
      handleText: handle,
    });
    return linkRequestedMessage(request.code, request.handle);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return bilingualError(error);
  }
}
