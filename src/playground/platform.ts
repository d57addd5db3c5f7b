// The playground's ChatPlatform: instead of Slack or Lark, posts land in an in-memory feed that the
// playground page shows and that "POST /api/playground/run" returns.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import type { OutgoingMessage } from "../chat/message.js";
import type { ChatPlatform, PostedRef } from "../chat/platform.js";
import type { MemberProfile } from "../members/types.js";

export interface PlaygroundPost {
  ref: PostedRef;
  /** "@handle" for a direct message, "#channel-id" for a channel. */
  to: string;
  kind: "dm" | "channel" | "update";
  message: OutgoingMessage;
  at: string;
}

const FEED_LIMIT = 200;

export function createPlaygroundPlatform(clock: () => { toISO(): string | null }) {
  const feed: PlaygroundPost[] = [];
  const captures = new AsyncLocalStorage<PlaygroundPost[]>();

  function record(post: Omit<PlaygroundPost, "at">): void {
    const full = { ...post, at: clock().toISO() ?? "" };
    feed.push(full);
    if (feed.length > FEED_LIMIT) feed.shift();
    captures.getStore()?.push(full);
  }

  const newRef = (channelId: string): PostedRef => ({
    platform: "playground",
    channelId,
    messageId: randomBytes(6).toString("hex"),
  });

  const platform: ChatPlatform = {
    name: "playground",
    async sendDirect(member: MemberProfile, message: OutgoingMessage) {
      const ref = newRef(`dm-${member.handle}`);
      record({ ref, to: `@${member.handle}`, kind: "dm", message });
      return ref;
    },
    async sendToChannel(channelId: string, message: OutgoingMessage) {
      const ref = newRef(channelId);
      record({ ref, to: `#${channelId}`, kind: "channel", message });
      return ref;
    },
    async update(ref: PostedRef, message: OutgoingMessage) {
      record({ ref, to: ref.channelId, kind: "update", message });
    },
  };

  return {
    platform,
    /** Runs `work` and returns it with everything it posted. */
    async capture<T>(work: () => Promise<T>): Promise<{ result: T; posts: PlaygroundPost[] }> {
      const posts: PlaygroundPost[] = [];
      const result = await captures.run(posts, work);
      return { result, posts };
    },
    recent(limit = 50): PlaygroundPost[] {
      return feed.slice(-limit);
    },
  };
}

export type Playground = ReturnType<typeof createPlaygroundPlatform>;
