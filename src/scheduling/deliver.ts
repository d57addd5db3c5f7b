// Scheduled posts go to every platform that reaches the channel or member. One platform failing (a channel
// Slack does not know, Lark down) must not stop the others; what happened comes back for the job's summary.
import type { OutgoingMessage } from "../chat/message.js";
import type { ChatPlatform, PlatformName, PostedRef } from "../chat/platform.js";
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

/** Like postToChannel, and keeps where each copy landed, so it can be updated in place later (alerts). */
export async function postAndKeep(
  platforms: ChatPlatform[],
  channelId: string,
  msg: OutgoingMessage,
): Promise<{ refs: PostedRef[]; failed: string[] }> {
  const refs: PostedRef[] = [];
  const { failed } = await each(platforms, async (p) => {
    const ref = await p.sendToChannel(channelId, msg);
    refs.push(ref);
    return ref;
  });
  return { refs, failed };
}

/** Updates every posted copy of a message, except on the platform that is replacing its own copy already. */
export async function updateEverywhere(
  platforms: ChatPlatform[],
  refs: PostedRef[],
  msg: OutgoingMessage,
  except?: PlatformName,
): Promise<string[]> {
  const failed: string[] = [];
  for (const ref of refs) {
    if (ref.platform === except) continue;
    const platform = platforms.find((p) => p.name === ref.platform);
    try {
      await platform?.update(ref, msg);
    } catch (error) {
      failed.push(`${ref.platform} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return failed;
}
