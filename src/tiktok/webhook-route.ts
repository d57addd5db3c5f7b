// POST /api/tiktok/webhook: TikTok Shop's push events. An order (or return) status change of a connected shop starts
// that shop's sync in the background, so Starling has the change within a minute instead of the next morning. The
// answer is immediate: TikTok retries a webhook that is slow to answer, and the sync may take a while. A replayed
// (correctly signed) event only causes one more sync, which changes nothing: the sync is idempotent.
import type { Config } from "../config.js";
import { type HttpServer, readBody, sendJson } from "../http/server.js";
import type { Logger } from "../log.js";
import type { ConnectionRepository } from "./connections.js";
import type { TikTokSync } from "./sync.js";
import { parseWebhookEvent, TIKTOK_WEBHOOK_TYPES, verifyWebhookSignature } from "./webhook.js";

export const TIKTOK_WEBHOOK_PATH = "/api/tiktok/webhook";

/** The events that can change a shop's orders. */
const SYNC_TYPES = new Set<number>([
  TIKTOK_WEBHOOK_TYPES.ORDER_STATUS_UPDATE,
  TIKTOK_WEBHOOK_TYPES.REVERSE_ORDER_STATUS_UPDATE,
]);

export interface TikTokWebhookDeps {
  http: HttpServer;
  config: Pick<NonNullable<Config["tiktok"]>, "appKey" | "appSecret">;
  connections: Pick<ConnectionRepository, "connectedByExternalId">;
  sync: Pick<TikTokSync, "requestSync">;
  log: Logger;
}

export function mountTikTokWebhook(deps: TikTokWebhookDeps): void {
  const { config, log } = deps;
  deps.http.add({
    method: "POST",
    path: TIKTOK_WEBHOOK_PATH,
    async handler(req, res) {
      const raw = await readBody(req);
      const authorization = req.headers.authorization;
      // The MAC covers the raw bytes: check it before reading anything out of them.
      if (!verifyWebhookSignature(raw, authorization, config.appKey, config.appSecret)) {
        log.warn(`tiktok: rejected a webhook with ${authorization ? "a wrong" : "no"} signature`);
        sendJson(res, 401, { error: "invalid signature" });
        return;
      }
      let event: ReturnType<typeof parseWebhookEvent>;
      try {
        event = parseWebhookEvent(raw);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.warn(`tiktok: a signed webhook had a body Starling cannot read: ${reason}`);
        sendJson(res, 400, { error: reason });
        return;
      }
      if (!SYNC_TYPES.has(event.type)) {
        log.debug(`tiktok: webhook type ${event.type} for shop ${event.shop_id} needs nothing`);
        sendJson(res, 200, { ok: true });
        return;
      }
      const shops = await deps.connections.connectedByExternalId(event.shop_id);
      if (shops.length === 0) {
        // Answered 200 all the same: TikTok would otherwise retry an event no one here will ever want.
        log.info(`tiktok: webhook type ${event.type} for shop ${event.shop_id}, which no workspace has connected`);
      }
      for (const shop of shops) {
        log.debug(`tiktok: webhook type ${event.type}: syncing ${shop.name}`);
        deps.sync.requestSync(shop.shopId);
      }
      sendJson(res, 200, { ok: true });
    },
  });
}
