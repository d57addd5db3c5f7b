// The ChatPlatform port on Lark's Open API: direct messages by open_id, chat posts by chat_id, replies in a
// message's thread, card updates, and files. Charts are uploaded first and shown in the card by image key. Every
// send and every upload goes through the outbox (per-chat rate, 429 wait, bounded retry of network errors and 5xx).
import type * as lark from "@larksuiteoapi/node-sdk";
import type { Locale } from "../domain/i18n.js";
import type { MemberProfile } from "../members/types.js";
import { type LarkCard, renderLarkCards } from "./lark-card.js";
import type { LarkOutbox } from "./lark-outbox.js";
import type { FileAttachment, OutgoingMessage } from "./message.js";
import type { ChatPlatform, PostedRef } from "./platform.js";

type Target = { kind: "open_id" | "chat_id"; id: string } | { kind: "reply"; messageId: string; chatKey: string };

interface LarkReply {
  code?: number;
  msg?: string;
  data?: { message_id?: string; chat_id?: string };
}

function checked(result: LarkReply, what: string): LarkReply {
  if (result.code !== undefined && result.code !== 0)
    throw new Error(`Lark refused ${what}: ${result.code} ${result.msg ?? ""}`);
  return result;
}

export function createLarkPlatform(client: lark.Client, outbox: LarkOutbox) {
  async function uploadImages(msg: OutgoingMessage): Promise<Map<Uint8Array, string>> {
    const keys = new Map<Uint8Array, string>();
    for (const block of msg.blocks) {
      if (block.type !== "image" || !block.png) continue;
      const png = block.png;
      const uploaded = await outbox.upload("a chart image", () =>
        client.im.image.create({ data: { image_type: "message", image: Buffer.from(png) } }),
      );
      if (uploaded?.image_key) keys.set(block.png, uploaded.image_key);
    }
    return keys;
  }

  async function sendOne(target: Target, msgType: "interactive" | "file", content: string): Promise<PostedRef> {
    if (target.kind === "reply") {
      const result = await outbox.send(target.chatKey, async () =>
        checked(
          (await client.im.message.reply({
            path: { message_id: target.messageId },
            data: { msg_type: msgType, content, reply_in_thread: true },
          })) as LarkReply,
          "a reply",
        ),
      );
      return { platform: "lark", channelId: target.chatKey, messageId: result.data?.message_id ?? "" };
    }
    const result = await outbox.send(target.id, async () =>
      checked(
        (await client.im.message.create({
          params: { receive_id_type: target.kind },
          data: { receive_id: target.id, msg_type: msgType, content },
        })) as LarkReply,
        "a message",
      ),
    );
    return { platform: "lark", channelId: result.data?.chat_id ?? target.id, messageId: result.data?.message_id ?? "" };
  }

  async function sendFiles(target: Target, files: FileAttachment[]): Promise<void> {
    for (const file of files) {
      const uploaded = await outbox.upload(file.name, () =>
        client.im.file.create({ data: { file_type: "stream", file_name: file.name, file: Buffer.from(file.content) } }),
      );
      if (uploaded?.file_key) await sendOne(target, "file", JSON.stringify({ file_key: uploaded.file_key }));
    }
  }

  /** Sends every card of a message (long replies are several), then its files. Returns the first card. */
  async function send(target: Target, msg: OutgoingMessage, locale: Locale): Promise<PostedRef> {
    const images = await uploadImages(msg);
    const cards: LarkCard[] = renderLarkCards(msg, locale, { imageKey: (png) => images.get(png) });
    let first: PostedRef | null = null;
    for (const card of cards) {
      const ref = await sendOne(target, "interactive", JSON.stringify(card));
      first ??= ref;
    }
    await sendFiles(target, msg.files ?? []);
    return first as PostedRef;
  }

  const platform: ChatPlatform = {
    name: "lark",
    async sendDirect(member: MemberProfile, msg: OutgoingMessage) {
      if (!member.larkOpenId) return null;
      return send({ kind: "open_id", id: member.larkOpenId }, msg, member.language);
    },
    async sendToChannel(chatId: string, msg: OutgoingMessage) {
      return send({ kind: "chat_id", id: chatId }, msg, "en");
    },
    async update(ref: PostedRef, msg: OutgoingMessage) {
      const [card] = renderLarkCards(msg, "en");
      if (!card) return;
      await outbox.send(ref.channelId, async () =>
        checked(
          (await client.im.message.patch({
            path: { message_id: ref.messageId },
            data: { content: JSON.stringify(card) },
          })) as LarkReply,
          "a card update",
        ),
      );
    },
  };

  return {
    ...platform,
    name: "lark" as const,
    /** Answers a member's message in its thread. */
    reply: (messageId: string, chatKey: string, msg: OutgoingMessage, locale: Locale) =>
      send({ kind: "reply", messageId, chatKey }, msg, locale),
    toOpenId: (openId: string, msg: OutgoingMessage, locale: Locale) =>
      send({ kind: "open_id", id: openId }, msg, locale),
  };
}

export type LarkPlatform = ReturnType<typeof createLarkPlatform>;
