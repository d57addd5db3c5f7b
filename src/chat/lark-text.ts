// What a member typed to the bot in Lark: the text of a "text" or rich-text "post" message, with @mentions taken
// out, and whether the bot itself was mentioned (in a group, Starling answers only when it is).
import { z } from "zod";

const mentionSchema = z.object({
  key: z.string(),
  id: z.object({ open_id: z.string().optional() }).partial().optional(),
  name: z.string().optional(),
});

export const larkMessageSchema = z.object({
  message_id: z.string(),
  chat_id: z.string().optional(),
  chat_type: z.string().optional(),
  message_type: z.string(),
  content: z.string(),
  create_time: z.string().optional(),
  mentions: z.array(mentionSchema).optional(),
});

export type LarkMessage = z.infer<typeof larkMessageSchema>;

const postNode = z.object({ tag: z.string(), text: z.string().optional() }).passthrough();
const postBody = z.object({ title: z.string().optional(), content: z.array(z.array(postNode)).optional() });

/** A post's body is either {title, content} or keyed by locale ({"zh_cn": {...}}): take the first that parses. */
function postText(content: unknown): string | null {
  const candidates = [content, ...Object.values((content as Record<string, unknown>) ?? {})];
  for (const candidate of candidates) {
    const parsed = postBody.safeParse(candidate);
    if (parsed.success && parsed.data.content) {
      return parsed.data.content
        .map((line) => line.map((node) => (node.tag === "text" || node.tag === "a" ? (node.text ?? "") : "")).join(""))
        .join(" ");
    }
  }
  return null;
}

export function commandText(
  message: LarkMessage,
  botOpenId: string | null,
): { text: string; mentionsBot: boolean } | null {
  let content: unknown;
  try {
    content = JSON.parse(message.content);
  } catch {
    return null;
  }
  let text: string | null = null;
  if (message.message_type === "text") {
    const parsed = z.object({ text: z.string() }).safeParse(content);
    text = parsed.success ? parsed.data.text : null;
  } else if (message.message_type === "post") {
    text = postText(content);
  }
  if (text === null) return null;
  const mentions = message.mentions ?? [];
  for (const mention of mentions) text = text.replaceAll(mention.key, " ");
  text = text.replaceAll("@_all", " ").replace(/\s+/g, " ").trim();
  // Without the bot's own id (bot info unavailable), any mention in a group counts as addressing the bot.
  const mentionsBot = botOpenId ? mentions.some((m) => m.id?.open_id === botOpenId) : mentions.length > 0;
  return { text, mentionsBot };
}
