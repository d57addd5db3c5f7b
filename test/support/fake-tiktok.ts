// A local TikTok Shop Open API for tests. It checks every request the way the real API does — app_key, a timestamp
// within five minutes, the HMAC sign over path + sorted query + exact body, the x-tts-access-token header and, for
// shop-scoped calls, the shop_cipher — and answers TikTok's error envelope when one fails, so a client that signs
// the wrong bytes fails here too. It serves GET /authorization/202309/shops, paged POST /order/202309/orders/search
// over seeded orders (filtered by the body's time range), and the token refresh of the auth host. It can be told
// to rate limit the next N requests (HTTP 429 + Retry-After, or a 36009002 envelope), records every request, and can
// POST signed webhooks. Error codes are the public ones (see src/tiktok/request.ts); messages are paraphrased.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { signRequest } from "../../src/tiktok/signing.js";
import { webhookSignature } from "../../src/tiktok/webhook.js";

// biome-ignore lint/suspicious/noExplicitAny: seeded orders and recorded bodies are arbitrary API JSON.
export type Json = any;

export const FAKE_APP_KEY = "6abcfake0app";
export const FAKE_APP_SECRET = "fake0app0secret0for0tests";
export const FAKE_ACCESS_TOKEN = "TTP_fake_access_token";
export const FAKE_REFRESH_TOKEN = "TTP_fake_refresh_token";
export const MAX_TIMESTAMP_SKEW_SECONDS = 5 * 60;

/** Codes from TikTok's common error table, as quoted in public clients (see src/tiktok/request.ts). */
export const CODES = {
  rateLimited: 36009002,
  internalError: 36009003,
  invalidParam: 36009004,
  invalidSign: 106001,
  invalidShopCipher: 106013,
} as const;

export interface FakeShop {
  id: string;
  cipher: string;
  name: string;
  region: string;
  seller_type?: string;
  code?: string;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: string;
  status: number;
  code: number;
}

export interface FakeTikTok {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** The token the fake accepts now (changes after a refresh). */
  accessToken(): string;
  refreshToken(): string;
  shops: FakeShop[];
  requests: FakeRequest[];
  requestsTo(path: string): FakeRequest[];
  /** Adds raw API orders (snake_case, ids as strings) to a shop, by its cipher. */
  seedOrders(shopCipher: string, orders: Json[]): void;
  /** The next `times` requests that pass verification are refused as rate limited. */
  rateLimit(times: number, how?: { as?: "http429" | "envelope"; retryAfterSeconds?: number }): void;
  /** The next `times` requests that pass verification get HTTP 503. */
  serverError(times: number): void;
  /** POSTs a webhook signed as TikTok signs it; `tamper` changes the body after signing. */
  postWebhook(url: string, event: Json, options?: { tamper?: boolean }): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** TikTok's request ids look like "202203070749000101890810281E8C70B7": a time stamp and hex. */
function requestId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomBytes(9).toString("hex").toUpperCase()}`;
}

/** A raw 202309 order as Get Order List returns it, one line item per unit. */
export function fakeOrder(input: {
  id: string;
  createTime: number;
  updateTime?: number;
  status?: string;
  currency?: string;
  items?: { skuId: string; productId?: string; productName?: string; salePrice: string; id?: string }[];
  totalAmount?: string;
  extra?: Json;
}): Json {
  const currency = input.currency ?? "IDR";
  const items = input.items ?? [{ skuId: "1729592969712207012", salePrice: "100000" }];
  const subTotal = items.reduce((sum, item) => sum + Number(item.salePrice), 0);
  return {
    id: input.id,
    status: input.status ?? "COMPLETED",
    create_time: input.createTime,
    update_time: input.updateTime ?? input.createTime,
    payment: {
      currency,
      // Test data only: plain sums of small amounts; production code never does money in floats.
      sub_total: String(subTotal),
      shipping_fee: "0",
      total_amount: input.totalAmount ?? String(subTotal),
    },
    line_items: items.map((item, index) => ({
      id: item.id ?? `${input.id.slice(0, -3)}${String(100 + index).padStart(3, "0")}`,
      sku_id: item.skuId,
      product_id: item.productId ?? "1729582718312380123",
      product_name: item.productName ?? "Glow Serum 30ml",
      sale_price: item.salePrice,
      original_price: item.salePrice,
      currency,
      display_status: input.status ?? "COMPLETED",
    })),
    ...input.extra,
  };
}

export async function startFakeTikTok(
  options: { shops?: FakeShop[]; now?: () => number; appKey?: string; appSecret?: string } = {},
): Promise<FakeTikTok> {
  const appKey = options.appKey ?? FAKE_APP_KEY;
  const appSecret = options.appSecret ?? FAKE_APP_SECRET;
  const now = options.now ?? Date.now;
  const shops: FakeShop[] = options.shops ?? [
    { id: "7494726673780148744", cipher: "ROW_fake_cipher_jakarta", name: "Glow Jakarta", region: "ID" },
  ];
  const orders = new Map<string, Json[]>();
  const requests: FakeRequest[] = [];
  let accessToken = FAKE_ACCESS_TOKEN;
  let refreshToken = FAKE_REFRESH_TOKEN;
  let tokenGeneration = 0;
  let limited = { times: 0, as: "http429" as "http429" | "envelope", retryAfterSeconds: 1 };
  let unavailable = 0;

  const envelope = (code: number, message: string, data?: Json) => ({
    code,
    message,
    request_id: requestId(now()),
    ...(data === undefined ? {} : { data }),
  });

  /** The checks of the real gateway, in one place; null when the request may go on. */
  function verify(path: string, query: Record<string, string>, headers: IncomingMessage["headers"], body: string) {
    const refuse = (status: number, code: number, message: string) => ({ status, code, message });
    if (query.app_key !== appKey) return refuse(401, CODES.invalidParam, "invalid param error: app_key is invalid");
    const timestamp = query.timestamp ?? "";
    if (!/^\d+$/.test(timestamp)) return refuse(400, CODES.invalidParam, "invalid param error: timestamp is required");
    if (Math.abs(Math.floor(now() / 1000) - Number(timestamp)) > MAX_TIMESTAMP_SKEW_SECONDS) {
      return refuse(401, CODES.invalidParam, "invalid param error: timestamp is expired or in the future");
    }
    const given = query.sign ?? "";
    const contentType = headers["content-type"];
    const expected = signRequest({ appSecret, path, query, body, contentType });
    if (!sameText(given, expected)) return refuse(401, CODES.invalidSign, "Invalid credentials: the sign is wrong");
    const token = headers["x-tts-access-token"];
    if (typeof token !== "string" || !sameText(token, accessToken)) {
      return refuse(401, CODES.invalidParam, "invalid param error: access_token is invalid or expired");
    }
    return null;
  }

  function shopFor(cipher: string | undefined): FakeShop | undefined {
    return shops.find((shop) => shop.cipher === cipher);
  }

  /** Opaque to the client; bound to the query so a token from another search is refused, as a real cursor is. */
  function pageToken(offset: number, fingerprint: string): string {
    return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
  }

  function searchOrders(query: Record<string, string>, body: string) {
    const shop = shopFor(query.shop_cipher);
    if (!shop) return { status: 400, json: envelope(CODES.invalidShopCipher, "shop_cipher is invalid") };
    const pageSize = Number(query.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      return { status: 400, json: envelope(CODES.invalidParam, "invalid param error: page_size must be 1-100") };
    }
    let filters: Json;
    try {
      filters = body ? JSON.parse(body) : {};
    } catch {
      return { status: 400, json: envelope(CODES.invalidParam, "invalid param error: body is not JSON") };
    }
    const sortField = query.sort_field ?? "create_time";
    const descending = (query.sort_order ?? "DESC") === "DESC";
    const within = (value: number, ge: unknown, lt: unknown) =>
      (typeof ge !== "number" || value >= ge) && (typeof lt !== "number" || value < lt);
    const matching = (orders.get(shop.cipher) ?? [])
      .filter((order) => within(order.create_time, filters.create_time_ge, filters.create_time_lt))
      .filter((order) => within(order.update_time, filters.update_time_ge, filters.update_time_lt))
      .filter((order) => filters.order_status === undefined || order.status === filters.order_status)
      .sort((a, b) => {
        const byField = a[sortField] - b[sortField] || (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
        return descending ? -byField : byField;
      });
    const fingerprint = createHash("sha256")
      .update(`${shop.cipher}|${sortField}|${descending}|${pageSize}|${body}`)
      .digest("hex");
    let offset = 0;
    if (query.page_token) {
      try {
        const token = JSON.parse(Buffer.from(query.page_token, "base64url").toString("utf8"));
        if (token.f !== fingerprint || !Number.isInteger(token.o)) throw new Error("another search");
        offset = token.o;
      } catch {
        return { status: 400, json: envelope(CODES.invalidParam, "invalid param error: page_token is invalid") };
      }
    }
    const page = matching.slice(offset, offset + pageSize);
    const more = offset + pageSize < matching.length;
    const data = {
      orders: page,
      next_page_token: more ? pageToken(offset + pageSize, fingerprint) : "",
      total_count: matching.length,
    };
    return { status: 200, json: envelope(0, "Success", data) };
  }

  function refresh(query: Record<string, string>) {
    const ok =
      query.app_key === appKey &&
      query.app_secret === appSecret &&
      query.grant_type === "refresh_token" &&
      query.refresh_token === refreshToken;
    if (!ok) return { status: 200, json: envelope(CODES.invalidParam, "invalid param error: refresh_token") };
    tokenGeneration++;
    accessToken = `${FAKE_ACCESS_TOKEN}_${tokenGeneration}`;
    refreshToken = `${FAKE_REFRESH_TOKEN}_${tokenGeneration}`;
    const nowSeconds = Math.floor(now() / 1000);
    const data = {
      access_token: accessToken,
      access_token_expire_in: nowSeconds + 7 * 86_400,
      refresh_token: refreshToken,
      refresh_token_expire_in: nowSeconds + 365 * 86_400,
      open_id: "7010736057180325637",
      seller_name: "Glow Jakarta",
      seller_base_region: "ID",
      user_type: 0,
    };
    return { status: 200, json: envelope(0, "success", data) };
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    const record: FakeRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query,
      headers: {
        "content-type": req.headers["content-type"],
        "x-tts-access-token": req.headers["x-tts-access-token"] as string | undefined,
      },
      body,
      status: 0,
      code: 0,
    };
    requests.push(record);
    const send = (status: number, json: Json, headers: Record<string, string> = {}) => {
      record.status = status;
      record.code = json.code;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    };

    if (url.pathname === "/api/v2/token/refresh" && req.method === "GET") {
      const answer = refresh(query);
      return send(answer.status, answer.json);
    }
    const known =
      (url.pathname === "/authorization/202309/shops" && req.method === "GET") ||
      (url.pathname === "/order/202309/orders/search" && req.method === "POST");
    if (!known) return send(404, envelope(CODES.invalidParam, `invalid path: ${req.method} ${url.pathname}`));

    const refused = verify(url.pathname, query, req.headers, body);
    if (refused) return send(refused.status, envelope(refused.code, refused.message));
    if (limited.times > 0) {
      limited.times--;
      const json = envelope(CODES.rateLimited, "Too many requests. You've made too many requests in a short period.");
      if (limited.as === "envelope") return send(200, json);
      return send(429, json, { "retry-after": String(limited.retryAfterSeconds) });
    }
    if (unavailable > 0) {
      unavailable--;
      return send(503, envelope(CODES.internalError, "Internal error. Please try again."));
    }
    if (url.pathname === "/authorization/202309/shops") return send(200, envelope(0, "Success", { shops }));
    const answer = searchOrders(query, body);
    return send(answer.status, answer.json);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the fake TikTok Shop API did not start");

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    appKey,
    appSecret,
    accessToken: () => accessToken,
    refreshToken: () => refreshToken,
    shops,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    seedOrders(shopCipher, seeded) {
      if (!shopFor(shopCipher)) throw new Error(`no fake shop with cipher ${shopCipher}`);
      orders.set(shopCipher, [...(orders.get(shopCipher) ?? []), ...seeded]);
    },
    rateLimit(times, how = {}) {
      limited = { times, as: how.as ?? "http429", retryAfterSeconds: how.retryAfterSeconds ?? 1 };
    },
    serverError(times) {
      unavailable = times;
    },
    async postWebhook(target, event, postOptions = {}) {
      const raw = JSON.stringify(event);
      const signature = webhookSignature(raw, appKey, appSecret);
      const sent = postOptions.tamper ? `${raw.slice(0, -1)},"tampered":true}` : raw;
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: signature },
        body: sent,
      });
      return { status: response.status, text: await response.text() };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
