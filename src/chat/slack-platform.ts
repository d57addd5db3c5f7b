// The ChatPlatform port on Slack's Web API: direct messages, channel posts, updates, file uploads. The WebClient
// queues calls and, on a 429, pauses for Retry-After and sends again, so a rate-limited post arrives late, not never;
// network errors and 5xx are retried with backoff too (slack-app.ts sets the attempts and the timeout of each). A
// send that still fails is logged here, once, with what Slack said, and thrown to the caller.
import type { webApi } from "@slack/bolt";
import type { Locale } from "../domain/i18n.js";
import type { Logger } from "../log.js";
import type { MemberProfile } from "../members/types.js";
import type { FileAttachment, OutgoingMessage } from "./message.js";
import type { ChatPlatform, PostedRef } from "./platform.js";
import { renderSlackMessage } from "./slack-render.js";

type WebClient = webApi.WebClient;

export function createSlackPlatform(
  client: WebClient,
  log: Pick<Logger, "warn">,
  /** Told of every send that finally failed (the adapter notices a token revoked after start). */
  onFailure: (error: unknown) => void = () => {},
): ChatPlatform & {
  post(channel: string, message: OutgoingMessage, locale: Locale, threadTs?: string): Promise<PostedRef>;
  upload(channelId: string, files: FileAttachment[], threadTs?: string): Promise<void>;
} {
  /** A call after the WebClient's own retries: its final failure is logged with the method and where it went. */
  async function sent<T>(what: string, where: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      log.warn(
        `slack: gave up on ${what} to ${where} after retrying: ${error instanceof Error ? error.message : error}`,
      );
      onFailure(error);
      throw error;
    }
  }

  async function upload(channelId: string, files: FileAttachment[], threadTs?: string): Promise<void> {
    if (files.length === 0) return;
    await sent("a file upload", channelId, () =>
      client.filesUploadV2({
        channel_id: channelId,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file_uploads: files.map((f) => ({ file: Buffer.from(f.content), filename: f.name })),
      } as webApi.FilesUploadV2Arguments),
    );
  }

  /** Posts every part of a message; files follow in the first part's thread. Returns the first part. */
  async function post(channel: string, message: OutgoingMessage, locale: Locale, threadTs?: string) {
    const { pages, files } = renderSlackMessage(message, locale);
    let first: PostedRef | null = null;
    for (const page of pages) {
      const result = await sent("chat.postMessage", channel, () =>
        client.chat.postMessage({
          channel,
          text: page.text,
          blocks: page.blocks,
          unfurl_links: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
      first ??= { platform: "slack", channelId: result.channel ?? channel, messageId: result.ts ?? "" };
    }
    const ref = first as PostedRef;
    await upload(ref.channelId, files, threadTs ?? ref.messageId);
    return ref;
  }

  return {
    name: "slack",
    post,
    upload,
    async sendDirect(member: MemberProfile, message: OutgoingMessage) {
      // Posting to a user id opens (or reuses) the bot's DM with them.
      if (!member.slackUserId) return null;
      return post(member.slackUserId, message, member.language);
    },
    async sendToChannel(channelId: string, message: OutgoingMessage) {
      return post(channelId, message, "en");
    },
    async update(ref: PostedRef, message: OutgoingMessage) {
      const [page] = renderSlackMessage(message, "en").pages;
      if (!page) return;
      await sent("chat.update", ref.channelId, () =>
        client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: page.text, blocks: page.blocks }),
      );
    },
  };
}

export type SlackPlatform = ReturnType<typeof createSlackPlatform>;
