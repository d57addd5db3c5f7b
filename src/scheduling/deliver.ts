// Scheduled posts go to every platform that reaches the channel or member. One platform failing (a channel
// Slack does not know, Lark down) must not stop the others; what happened comes back for the job's summary.
import type { OutgoingMessage } from "../chat/message.js";
import type { ChatPlatform } from "../chat/platform.js";
import type { MemberProfile } from "../members/types.js";

export interface Delivery {
  reached: string[];
  failed: string[];
}

async function each(platforms: ChatPlatform[], send: (p: ChatPlatform) => Promise<unknown>): Promise<Delivery> {
  const result: Delivery = { reached: [], failed: [] };
  for (const platform of platforms) {
    try {
      if (await send(platform)) result.reached.push(platform.name);
    } catch (error) {
      result.failed.push(`${platform.name} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return result;
}

export const postToChannel = (platforms: ChatPlatform[], channelId: string, msg: OutgoingMessage) =>
  each(platforms, (p) => p.sendToChannel(channelId, msg));

/** A direct message wherever the member can be reached (a link request to an admin: not a scheduled DM). */
export const directToAll = (platforms: ChatPlatform[], member: MemberProfile, msg: OutgoingMessage) =>
  each(platforms, (p) => p.sendDirect(member, msg));

/** A scheduled DM: respects the member's opt-out. */
export const sendDirect = (platforms: ChatPlatform[], member: MemberProfile, msg: OutgoingMessage) =>
  member.dmOptOut ? Promise.resolve({ reached: [], failed: [] }) : directToAll(platforms, member, msg);

export const describeDelivery = (d: Delivery) =>
  `${d.reached.length ? `sent on ${d.reached.join(", ")}` : "reached no platform"}${d.failed.length ? `; failed on ${d.failed.join(", ")}` : ""}`;
