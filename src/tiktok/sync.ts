// Pulls a connected shop's orders from the TikTok Shop Open API into Starling. Each run asks for the orders
// *updated* in [syncedUntil, now − 1 minute) — oldest first, page by page — so a status change or a cancellation of
// an old order comes back too; the lines are keyed by (shop, order, SKU), so an order seen twice is stored once.
// The cursor moves only after the import committed: a failed run leaves it where it was and the next run asks for
// the same window again. Runs of one shop never overlap in this process; a request during a run queues one more.

import { DateTime } from "luxon";
import type { Config } from "../config.js";
import { UserError } from "../domain/errors.js";
import { daysBetween, lastDayEndedBy } from "../freshness/rules.js";
import type { OrderLine } from "../imports/order-line.js";
import type { ImportSummary } from "../imports/service.js";
import type { Logger } from "../log.js";
import { createTikTokShopClient, MAX_ORDER_PAGE_SIZE, type TikTokShopClient } from "./client.js";
import type { Connection, ConnectionRepository } from "./connections.js";
import { orderToLines } from "./order-lines.js";
import type { TikTokShop } from "./schemas.js";
import { refreshAccessToken } from "./token.js";

/** A first sync reaches this far back. */
export const FIRST_SYNC_DAYS = 30;
/** Orders updated in the last minute may not be searchable yet: they wait for the next run. */
export const SETTLE_MINUTES = 1;
/** The access token is refreshed when it expires within this many hours (it lives about 7 days). */
export const REFRESH_WITHIN_HOURS = 24;

export interface TikTokSyncDeps {
  connections: ConnectionRepository;
  imports: {
    importOrders(
      shopId: string,
      orders: AsyncIterable<OrderLine>,
      label: string,
      completeDays?: string[],
    ): Promise<ImportSummary>;
  };
  config: NonNullable<Config["tiktok"]>;
  clock: () => DateTime;
  log: Logger;
  fetch?: typeof fetch;
  /** The client's wait between retries (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
}

export interface SyncResult {
  shopId: string;
  shopName: string;
  from: DateTime;
  to: DateTime;
  /** Orders the API returned. */
  orders: number;
  imported: number;
  created: number;
  updated: number;
  /** Local days the orders fell on, whose facts were recomputed. */
  dates: { from: string; to: string } | null;
  tokenRefreshed: boolean;
}

/** A sync that failed; its message is what was stored as the connection's lastError (never a token). */
export class TikTokSyncError extends Error {
  override name = "TikTokSyncError";
  constructor(
    readonly shopName: string,
    readonly reason: string,
  ) {
    super(`TikTok Shop sync of ${shopName} failed: ${reason}`);
  }
}

/** Error texts leave this module only with every secret they might quote blanked out. */
function redact(text: string, secrets: (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join("[redacted]");
  return out;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One run per key at a time. A call during a run gets one queued run after it (shared by every caller that asks
 * meanwhile): whatever changed during the run is picked up, and a burst of webhooks costs two runs, not twenty.
 */
function singleFlight<R>(run: (key: string) => Promise<R>) {
  const flights = new Map<string, { done: Promise<unknown>; queued: Promise<R> | null }>();
  function launch(key: string): Promise<R> {
    const result = run(key);
    const flight = { done: result.then(settled, settled), queued: null as Promise<R> | null };
    flights.set(key, flight);
    return result;
    function settled() {
      // The queued run (if any) takes over in the same tick, so no caller can slip a third run in between.
      if (flights.get(key) === flight && flight.queued === null) flights.delete(key);
    }
  }
  return {
    run(key: string): Promise<R> {
      const flight = flights.get(key);
      if (!flight) return launch(key);
      flight.queued ??= flight.done.then(() => launch(key));
      return flight.queued;
    },
    /** Resolves when no run is going or queued. */
    async idle(): Promise<void> {
      while (flights.size)
        await Promise.all([...flights.values()].map((f) => f.queued ?? f.done).map((p) => p.catch(() => {})));
    },
  };
}

/** The window's orders as importer lines, streamed page by page (a page is fetched when the importer wants it). */
async function* orderLines(
  api: TikTokShopClient,
  conn: Connection,
  window: { from: DateTime; to: DateTime },
  onOrder: () => void,
): AsyncGenerator<OrderLine> {
  const orders = api.searchOrders({
    shopCipher: conn.shopCipher,
    updatedFrom: window.from,
    updatedTo: window.to,
    // Oldest change first: a run cut short has imported a clean prefix of the window.
    sortField: "update_time",
    sortOrder: "ASC",
    pageSize: MAX_ORDER_PAGE_SIZE,
  });
  for await (const order of orders) {
    onOrder();
    yield* orderToLines(order, conn.timezone);
  }
}

export function createTikTokSync(deps: TikTokSyncDeps) {
  const { connections, config, clock, log } = deps;

  function client(accessToken: string): TikTokShopClient {
    return createTikTokShopClient({
      baseUrl: config.apiUrl,
      appKey: config.appKey,
      appSecret: config.appSecret,
      accessToken,
      fetch: deps.fetch,
      sleep: deps.sleep,
      // The API refuses a timestamp minutes off its own clock; Starling's clock is the wall clock in production.
      now: () => clock().toMillis(),
      log,
    });
  }

  /** The access token to use, refreshed first when it expires soon (or its expiry is unknown) and it can be. */
  async function accessToken(conn: Connection): Promise<{ token: string; refreshed: boolean }> {
    const now = clock();
    const expires = conn.accessExpiresAt ? DateTime.fromJSDate(conn.accessExpiresAt) : null;
    const due = expires === null || expires.diff(now).as("hours") < REFRESH_WITHIN_HOURS;
    if (!conn.refreshToken || !due) return { token: conn.accessToken, refreshed: false };
    try {
      const fresh = await refreshAccessToken({
        appKey: config.appKey,
        appSecret: config.appSecret,
        refreshToken: conn.refreshToken,
        authBaseUrl: config.authUrl,
        fetch: deps.fetch,
      });
      await connections.saveTokens(conn.shopId, {
        accessToken: fresh.access_token,
        refreshToken: fresh.refresh_token,
        accessExpiresAt: new Date(fresh.access_token_expire_in * 1000),
      });
      log.info(`TikTok Shop: refreshed the access token of ${conn.shopName}`);
      return { token: fresh.access_token, refreshed: true };
    } catch (error) {
      // A token that still works is used while it lasts; the next run tries the refresh again.
      if (expires === null || expires > now) {
        const reason = redact(errorText(error), [conn.accessToken, conn.refreshToken, config.appSecret]);
        log.warn(`TikTok Shop: could not refresh the token of ${conn.shopName}, using the current one: ${reason}`);
        return { token: conn.accessToken, refreshed: false };
      }
      throw error;
    }
  }

  /**
   * The shop-local days this window makes whole: every day that had ended by `to`, from the window's first day (an
   * incremental window continues the last one, so its first day is whole once over; a first sync starts mid-day
   * unless it starts at midnight, and that day's earlier orders were never fetched).
   */
  function wholeDays(conn: { syncedUntil: Date | null; timezone: string }, from: DateTime, to: DateTime): string[] {
    const start = from.setZone(conn.timezone);
    const first = conn.syncedUntil || +start === +start.startOf("day") ? start : start.startOf("day").plus({ days: 1 });
    return daysBetween(first.toISODate() as string, lastDayEndedBy(to, conn.timezone));
  }

  async function runOnce(shopId: string): Promise<SyncResult> {
    const conn = await connections.load(shopId);
    if (!conn) throw new Error(`shop ${shopId} is not connected to the TikTok Shop API`);
    const now = clock();
    const to = now.minus({ minutes: SETTLE_MINUTES }).startOf("second");
    const from = conn.syncedUntil ? DateTime.fromJSDate(conn.syncedUntil) : to.minus({ days: FIRST_SYNC_DAYS });
    const result: SyncResult = {
      shopId,
      shopName: conn.shopName,
      from,
      to,
      orders: 0,
      imported: 0,
      created: 0,
      updated: 0,
      dates: null,
      tokenRefreshed: false,
    };
    if (from >= to) return result;
    let secrets: (string | null)[] = [conn.accessToken, conn.refreshToken, config.appSecret];
    try {
      const { token, refreshed } = await accessToken(conn);
      secrets = [...secrets, token];
      result.tokenRefreshed = refreshed;
      const lines = orderLines(client(token), conn, { from, to }, () => result.orders++);
      const label = `TikTok Shop API ${from.toUTC().toISO()}..${to.toUTC().toISO()}`;
      const summary = await deps.imports.importOrders(shopId, lines, label, wholeDays(conn, from, to));
      Object.assign(result, {
        imported: summary.imported,
        created: summary.created,
        updated: summary.updated,
        dates: summary.dates,
      });
      await connections.recordSuccess(shopId, { syncedUntil: to.toJSDate(), at: now.toJSDate() });
      log.info(
        `TikTok Shop sync of ${conn.shopName}: ${result.orders} order(s) updated ${from.toISO()}..${to.toISO()}, ` +
          `${result.imported} line(s) imported`,
      );
      return result;
    } catch (error) {
      const reason = redact(errorText(error), secrets);
      await connections
        .recordFailure(shopId, reason)
        .catch((storeError: unknown) => log.error(`could not record the failed sync of ${conn.shopName}`, storeError));
      // Only the redacted text is logged: the error object's stack would repeat the raw message.
      log.warn(`TikTok Shop sync of ${conn.shopName} failed (the next run retries the same window): ${reason}`);
      throw new TikTokSyncError(conn.shopName, reason);
    }
  }

  const flights = singleFlight(runOnce);

  return {
    /** Syncs a shop now (or right after the run in progress) and resolves with what it did. */
    syncShop: (shopId: string): Promise<SyncResult> => flights.run(shopId),

    /** Starts a sync in the background (a webhook): failures are logged and stored, never thrown. */
    requestSync(shopId: string): void {
      flights.run(shopId).catch((error: unknown) => {
        // A failed sync has logged and stored its (redacted) reason already.
        if (!(error instanceof TikTokSyncError)) log.error(`TikTok Shop: a background sync of ${shopId} failed`, error);
      });
    },

    /**
     * Connects a Starling shop with a seller's token: the token must authorise this very shop (its TikTok shop id),
     * whose cipher the shop-scoped calls need. Throws a UserError naming the shops the token does authorise.
     */
    async connect(
      shop: { id: string; name: string; externalId: string },
      tokens: { accessToken: string; refreshToken: string | null },
    ): Promise<TikTokShop> {
      let authorized: TikTokShop[];
      try {
        authorized = await client(tokens.accessToken).getAuthorizedShops();
      } catch (error) {
        const reason = redact(errorText(error), [tokens.accessToken, tokens.refreshToken, config.appSecret]);
        log.warn(`TikTok Shop: a token for ${shop.name} was refused: ${reason}`);
        throw new UserError("shop.token_refused", { shop: shop.name, reason });
      }
      const match = authorized.find((s) => s.id === shop.externalId);
      if (!match) {
        const list = authorized.map((s) => `${s.name} (${s.id})`).join(", ") || "-";
        throw new UserError("shop.not_authorized", { shop: shop.name, id: shop.externalId, authorized: list });
      }
      // Expiry unknown: with a refresh token, the first sync refreshes it and learns it.
      await connections.connect(shop.id, { shopCipher: match.cipher, ...tokens, accessExpiresAt: null });
      return match;
    },

    /** Resolves when no sync is running or queued (tests; a clean stop). */
    idle: () => flights.idle(),
  };
}

export type TikTokSync = ReturnType<typeof createTikTokSync>;
