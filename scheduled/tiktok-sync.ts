// Every morning at 07:30 in each connected shop's timezone — before the 08:00 anomaly scan, so the scan sees
// yesterday complete — the shop's orders are pulled from the TikTok Shop Open API. Every day: shops sell on
// weekends too. Webhooks and /shop sync pull in between.
import type { ScheduledJob } from "../src/scheduling/job.js";
import type { Services } from "../src/services.js";
import { TikTokSyncError } from "../src/tiktok/sync.js";

export const TIKTOK_SYNC_TIME = "07:30";

export const tiktokSyncJob: ScheduledJob<Services> = {
  name: "tiktok-sync",
  description: "Pull each connected shop's orders from the TikTok Shop Open API, before the morning anomaly scan",
  async targets(deps) {
    if (!deps.tiktok) return [];
    return (await deps.shopConnections.connectedShops()).map((shop) => ({
      key: shop.shopId,
      label: shop.name,
      timezone: shop.timezone,
      time: TIKTOK_SYNC_TIME,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
    }));
  },
  async run(deps, _now, target) {
    const sync = deps.tiktok;
    if (!sync) return { summary: ["the TikTok Shop API is off (TIKTOK_APP_KEY and TIKTOK_APP_SECRET are not set)"] };
    const shops = (await deps.shopConnections.connectedShops()).filter((shop) => !target || shop.shopId === target.key);
    const summary: string[] = [];
    for (const shop of shops) {
      try {
        const r = await sync.syncShop(shop.shopId);
        summary.push(
          `${shop.name}: ${r.orders} order(s) updated since ${r.from.toUTC().toISO()}, ${r.imported} line(s) imported`,
        );
      } catch (error) {
        // One shop failing does not hold the others back; its reason is stored on the connection (/shop list).
        // A single shop's scheduled run fails loudly, so the scheduler records it too.
        if (target) throw error;
        const reason = error instanceof TikTokSyncError ? error.reason : String(error);
        summary.push(`${shop.name}: failed: ${reason}`);
      }
    }
    return { summary };
  },
};
