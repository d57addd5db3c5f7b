// POST /api/tiktok/webhook: TikTok Shop's push events. An order (or return) status change of a connected shop starts
// that shop's sync in the background, so Starling has the change within a minute instead of the next morning. The
// answer is immediate: TikTok retries a webhook that is slow to answer, and the sync may take a while. A replayed
// (correctly signed) event is refused: one whose timestamp is outside the window, or whose exact body was already
// seen (claimed in the processed-deliveries table), does nothing.
import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import type { DeliveryRepository } from "../deliveries/repository.js";
import { type HttpServer, readBody, sendJson } from "../http/server.js";
import type { Logger } from "../log.js";
import type { ConnectionRepository } from "./connections.js";
import type { TikTokSync } from "./sync.js";
import { parseWebhookEvent, TIKTOK_WEBHOOK_TYPES, verifyWebhookSignature } from "./webhook.js";

export const TIKTOK_WEBHOOK_PATH = "/api/tiktok/webhook";

/**
 * An event's timestamp may be this far from our clock, either way: TikTok sends within seconds and retries within
 * minutes, so anything older is a replay (the daily sync catches up on whatever a refused event meant).
 */
export const TIKTOK_WEBHOOK_MAX_AGE_SECONDS = 15 * 60;

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
  /** Each signed body is acted on once; a replay of the same bytes is acknowledged and ignored. */
  deliveries: Pick<DeliveryRepository, "claim">;
  /** Milliseconds now, by the app's clock (event timestamps are compared with it). */
  now: () => number;
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
      const ageSeconds = deps.now() / 1000 - event.timestamp;
      if (Math.abs(ageSeconds) > TIKTOK_WEBHOOK_MAX_AGE_SECONDS) {
        log.warn(
          `tiktok: refused a signed webhook for shop ${event.shop_id} sent ${Math.round(ageSeconds)} s ago (replayed?)`,
        );
        sendJson(res, 401, { error: "stale event" });
        return;
      }
      let first: boolean;
      try {
        first = await deps.deliveries.claim("tiktok", `webhook:${createHash("sha256").update(raw).digest("hex")}`);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        // TikTok sends it again later; by then the database may be back.
        log.warn("tiktok: the database is unavailable; a webhook was answered 503 so that TikTok retries it", error);
        sendJson(res, 503, { error: "try again later" });
        return;
      }
      if (!first) {
        log.info(`tiktok: ignored a repeated webhook for shop ${event.shop_id}`);
        sendJson(res, 200, { ok: true });
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
