// The ChatPlatform port: how the core posts without knowing whether it talks to Slack, Lark or the playground.
import type { MemberProfile } from "../members/types.js";
import type { OutgoingMessage } from "./message.js";

export type PlatformName = "slack" | "lark" | "playground";

/** Where a posted message lives, so it can be updated later (an alert acknowledged, a log undone). */
export interface PostedRef {
  platform: PlatformName;
  channelId: string;
  messageId: string;
}

export interface ChatPlatform {
  readonly name: PlatformName;
  /** A direct message to a member. Returns null when the member cannot be reached on this platform. */
  sendDirect(member: MemberProfile, message: OutgoingMessage): Promise<PostedRef | null>;
  sendToChannel(channelId: string, message: OutgoingMessage): Promise<PostedRef>;
  update(ref: PostedRef, message: OutgoingMessage): Promise<void>;
}
