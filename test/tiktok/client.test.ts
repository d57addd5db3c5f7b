import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTikTokShopClient,
  ORDER_SEARCH_PATH,
  type SearchOrdersParams,
  SHOPS_PATH,
  type TikTokShopClientOptions,
} from "../../src/tiktok/client.js";
import { TikTokApiError, TikTokRetriesExhaustedError } from "../../src/tiktok/errors.js";
import { signRequest } from "../../src/tiktok/signing.js";
import { type FakeTikTok, fakeOrder, startFakeTikTok } from "../support/fake-tiktok.js";

const CIPHER = "ROW_fake_cipher_jakarta";
// 2026-11-20T00:00:00Z
const DAY = 1_795_132_800;

let fake: FakeTikTok;
let waits: number[];

function client(overrides: Partial<TikTokShopClientOptions> = {}) {
  return createTikTokShopClient({
    baseUrl: fake.baseUrl,
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    accessToken: fake.accessToken(),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

async function collect(params: SearchOrdersParams, options: Partial<TikTokShopClientOptions> = {}) {
  const ids: string[] = [];
  for await (const order of client(options).searchOrders(params)) ids.push(order.id);
  return ids;
}

/** 18-digit ids above 2^53, so any detour through a JS number would change them. */
const orderId = (n: number) => `5766840196033${String(11365 + n).padStart(5, "0")}`;

beforeEach(async () => {
  fake = await startFakeTikTok();
  waits = [];
});
afterEach(async () => {
  await fake.close();
});

describe("getAuthorizedShops", () => {
  it("returns the shops with their cipher, sending a signed request without shop_cipher", async () => {
    const shops = await client().getAuthorizedShops();
    expect(shops).toEqual([{ id: "7494726673780148744", cipher: CIPHER, name: "Glow Jakarta", region: "ID" }]);
    const [request] = fake.requestsTo(SHOPS_PATH);
    expect(request?.status).toBe(200);
    expect(Object.keys(request?.query ?? {}).sort()).toEqual(["app_key", "sign", "timestamp"]);
    expect(request?.headers["x-tts-access-token"]).toBe(fake.accessToken());
    expect(request?.headers["content-type"]).toBe("application/json");
  });
});

describe("searchOrders", () => {
  it("pages through every order exactly once, in creation order", async () => {
    const seeded = Array.from({ length: 23 }, (_, n) => fakeOrder({ id: orderId(n), createTime: DAY + n * 60 }));
    fake.seedOrders(CIPHER, [...seeded].reverse());
    const ids = await collect({ shopCipher: CIPHER, createdFrom: DAY, createdTo: DAY + 86_400, pageSize: 5 });
    expect(ids).toEqual(seeded.map((order) => order.id));
    const searches = fake.requestsTo(ORDER_SEARCH_PATH);
    expect(searches).toHaveLength(5);
    expect(searches.every((request) => request.status === 200)).toBe(true);
    expect(searches[0]?.query.page_token).toBeUndefined();
    expect(searches[1]?.query.page_token).toBeTruthy();
    expect(searches[0]?.query).toMatchObject({ shop_cipher: CIPHER, page_size: "5", sort_order: "ASC" });
    // The body signed is the body sent (the fake recomputed the sign over these bytes).
    expect(searches[0]?.body).toBe(`{"create_time_ge":${DAY},"create_time_lt":${DAY + 86_400}}`);
    expect(searches.every((request) => request.query.access_token === undefined)).toBe(true);
  });

  it("reports the total count per page", async () => {
    fake.seedOrders(
      CIPHER,
      [0, 1, 2].map((n) => fakeOrder({ id: orderId(n), createTime: DAY + n })),
    );
    const pages = [];
    for await (const page of client().searchOrderPages({ shopCipher: CIPHER, pageSize: 2 })) pages.push(page);
    expect(pages.map((page) => [page.orders.length, page.totalCount])).toEqual([
      [2, 3],
      [1, 3],
    ]);
  });

  it("filters on create time: from inclusive, to exclusive, seconds or DateTime", async () => {
    fake.seedOrders(CIPHER, [
      fakeOrder({ id: orderId(1), createTime: DAY - 1 }),
      fakeOrder({ id: orderId(2), createTime: DAY }),
      fakeOrder({ id: orderId(3), createTime: DAY + 86_399 }),
      fakeOrder({ id: orderId(4), createTime: DAY + 86_400 }),
    ]);
    expect(await collect({ shopCipher: CIPHER, createdFrom: DAY, createdTo: DAY + 86_400 })).toEqual([
      orderId(2),
      orderId(3),
    ]);
    // The same UTC day expressed as a Jakarta DateTime: the API filters instants, whatever the zone.
    const jakarta = DateTime.fromSeconds(DAY, { zone: "Asia/Jakarta" });
    expect(await collect({ shopCipher: CIPHER, createdFrom: jakarta, createdTo: jakarta.plus({ days: 1 }) })).toEqual([
      orderId(2),
      orderId(3),
    ]);
  });

  it("filters on update time for incremental syncs", async () => {
    fake.seedOrders(CIPHER, [
      fakeOrder({ id: orderId(1), createTime: DAY - 86_400, updateTime: DAY + 10 }),
      fakeOrder({ id: orderId(2), createTime: DAY, updateTime: DAY + 90_000 }),
    ]);
    expect(await collect({ shopCipher: CIPHER, updatedFrom: DAY, updatedTo: DAY + 3600 })).toEqual([orderId(1)]);
    expect(fake.requestsTo(ORDER_SEARCH_PATH)[0]?.body).toBe(
      `{"update_time_ge":${DAY},"update_time_lt":${DAY + 3600}}`,
    );
  });

  it("refuses milliseconds and out-of-range page sizes before calling the API", async () => {
    await expect(collect({ shopCipher: CIPHER, createdFrom: DAY * 1000 })).rejects.toThrow(/milliseconds/);
    await expect(collect({ shopCipher: CIPHER, pageSize: 101 })).rejects.toThrow(/pageSize/);
    expect(fake.requests).toHaveLength(0);
  });

  it("keeps 18-digit ids intact", async () => {
    fake.seedOrders(CIPHER, [fakeOrder({ id: "578890915909831224", createTime: DAY })]);
    const orders = [];
    for await (const order of client().searchOrders({ shopCipher: CIPHER })) orders.push(order);
    const [order] = orders;
    expect(order?.id).toBe("578890915909831224");
    expect(order?.line_items[0]?.id).toBe("578890915909831100");
  });
});

describe("retries", () => {
  beforeEach(() => {
    fake.seedOrders(CIPHER, [fakeOrder({ id: orderId(1), createTime: DAY })]);
  });

  it("waits for Retry-After after a 429, then succeeds with a freshly signed request", async () => {
    fake.rateLimit(2, { as: "http429", retryAfterSeconds: 3 });
    expect(await collect({ shopCipher: CIPHER })).toEqual([orderId(1)]);
    expect(waits).toEqual([3000, 3000]);
    expect(fake.requestsTo(ORDER_SEARCH_PATH).map((request) => request.status)).toEqual([429, 429, 200]);
  });

  it("backs off exponentially with jitter on a rate-limit envelope (HTTP 200, code 36009002)", async () => {
    fake.rateLimit(3, { as: "envelope" });
    expect(await collect({ shopCipher: CIPHER }, { random: () => 0 })).toEqual([orderId(1)]);
    // Equal jitter with random() = 0: half of 1 s, 2 s, 4 s.
    expect(waits).toEqual([500, 1000, 2000]);
    expect(fake.requestsTo(ORDER_SEARCH_PATH).map((request) => request.code)).toEqual([
      36009002, 36009002, 36009002, 0,
    ]);
  });

  it("retries a 5xx", async () => {
    fake.serverError(1);
    expect(await collect({ shopCipher: CIPHER }, { random: () => 0.999 })).toEqual([orderId(1)]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(900);
  });

  it("gives up after maxRetries with an error naming the endpoint and the last code and message", async () => {
    fake.rateLimit(10, { as: "http429", retryAfterSeconds: 2 });
    const error = await collect({ shopCipher: CIPHER }, { maxRetries: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokRetriesExhaustedError);
    const exhausted = error as TikTokRetriesExhaustedError;
    expect(exhausted.attempts).toBe(4);
    expect(exhausted.last).toMatchObject({ httpStatus: 429, code: 36009002 });
    expect(exhausted.message).toContain("POST /order/202309/orders/search");
    expect(exhausted.message).toContain("HTTP 429, code 36009002");
    expect(exhausted.message).toContain("Too many requests");
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(fake.requestsTo(ORDER_SEARCH_PATH)).toHaveLength(4);
  });

  it("retries network errors too", async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    expect(await collect({ shopCipher: CIPHER }, { fetch: flaky })).toEqual([orderId(1)]);
    expect(calls).toBe(2);
  });
});

describe("errors", () => {
  it("the fake refuses a request signed with the wrong secret", async () => {
    const error = await client({ appSecret: "not-the-secret" })
      .getAuthorizedShops()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ code: 106001, httpStatus: 401, endpoint: "GET /authorization/202309/shops" });
    expect((error as TikTokApiError).requestId).toMatch(/^\d{14}[0-9A-F]{18}$/);
    expect(waits).toEqual([]);
  });

  it("the fake refuses a body changed after signing", async () => {
    const path = ORDER_SEARCH_PATH;
    const query = {
      app_key: fake.appKey,
      timestamp: Math.floor(Date.now() / 1000),
      shop_cipher: CIPHER,
      page_size: 10,
    };
    const sign = signRequest({ appSecret: fake.appSecret, path, query, body: '{"create_time_ge":1}' });
    const params = new URLSearchParams({
      ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      sign,
    });
    const send = (body: string) =>
      fetch(`${fake.baseUrl}${path}?${params}`, {
        method: "POST",
        headers: { "x-tts-access-token": fake.accessToken(), "content-type": "application/json" },
        body,
      }).then(async (response) => (await response.json()) as { code: number });
    expect((await send('{"create_time_ge":1}')).code).toBe(0);
    expect((await send('{"create_time_ge":0}')).code).toBe(106001);
    expect((await send('{"create_time_ge": 1}')).code).toBe(106001);
  });

  it("the fake refuses a timestamp more than five minutes off", async () => {
    const skewed = client({ now: () => Date.now() - 6 * 60_000 });
    await expect(skewed.getAuthorizedShops()).rejects.toMatchObject({ code: 36009004 });
    const close = client({ now: () => Date.now() - 4 * 60_000 });
    await expect(close.getAuthorizedShops()).resolves.toHaveLength(1);
  });

  it("the fake refuses a wrong access token and an unknown shop cipher", async () => {
    await expect(client({ accessToken: "TTP_stolen" }).getAuthorizedShops()).rejects.toMatchObject({
      code: 36009004,
      message: expect.stringContaining("access_token"),
    });
    await expect(collect({ shopCipher: "ROW_other_shop" })).rejects.toMatchObject({ code: 106013 });
  });

  it("refuses an id sent as a JSON number instead of rounding it", async () => {
    const raw =
      '{"code":0,"message":"Success","request_id":"r1","data":{"orders":[{"id":578890915909831224,"status":"COMPLETED",' +
      '"create_time":1795132800,"line_items":[]}],"next_page_token":"","total_count":1}}';
    const stub: typeof fetch = async () => new Response(raw, { status: 200 });
    const error = await collect({ shopCipher: CIPHER }, { fetch: stub }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokApiError);
    expect((error as TikTokApiError).message).toMatch(/unexpected response shape[\s\S]*orders\[0\]\.id/);
    expect((error as TikTokApiError).requestId).toBe("r1");
  });

  it("stops when the API hands back a page token it already gave", async () => {
    const page = (token: string) =>
      JSON.stringify({ code: 0, message: "Success", data: { orders: [], next_page_token: token } });
    const stub: typeof fetch = async () => new Response(page("same"), { status: 200 });
    await expect(collect({ shopCipher: CIPHER }, { fetch: stub })).rejects.toThrow(/page_token same twice/);
  });
});
