// The TikTok Shop Open API end to end, on PGlite and PostgreSQL, against the local fake API: an admin connects a
// demo shop from chat (the token is stored only encrypted), the daily job pulls the last 30 days into order lines
// and the shop's facts, a second run changes nothing, a 429 is waited out, a failure is stored and shown by
// /shop list and retried by the next run, a signed webhook starts a sync and a forged one is refused. The
// single-flight rule (one sync per shop at a time, one queued after it) is checked without a database at the end.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tiktokSyncJob } from "../../scheduled/tiktok-sync.js";
import type { Starling } from "../../src/main.js";
import { ORDER_SEARCH_PATH } from "../../src/tiktok/client.js";
import { type Connection, type ConnectionRepository, decryptToken } from "../../src/tiktok/connections.js";
import { createTikTokSync, type TikTokSyncDeps, TikTokSyncError } from "../../src/tiktok/sync.js";
import { TOKEN_REFRESH_PATH } from "../../src/tiktok/token.js";
import { webhookSignature } from "../../src/tiktok/webhook.js";
import { TIKTOK_WEBHOOK_PATH } from "../../src/tiktok/webhook-route.js";
import { command, FIXED_NOW, postJson, startTestApp, type TestClock, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { FAKE_ACCESS_TOKEN, type FakeTikTok, fakeOrder, type Json, startFakeTikTok } from "../support/fake-tiktok.js";

const SECRET_KEY = "4f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const ZONE = "Asia/Jakarta";
/** The demo's "GlowLab Official Store" (ID-beauty, Jakarta, IDR). */
const GLOWLAB = { id: "7495000000000000101", cipher: "ROW_fake_cipher_glowlab", name: "GlowLab Official Store" };
const SKU_SERUM = "1729592969712207012";
const SKU_TONER = "1729592969712207099";

/** 18-digit ids above 2^53, so a detour through a JS number would change them. */
const orderId = (n: number) => `5766840196033${String(11365 + n).padStart(5, "0")}`;
const unix = (dt: DateTime) => Math.floor(dt.toSeconds());

interface Seeded {
  order: Json;
  /** Jakarta day, units, GMV and whether it counts (not cancelled or unpaid). */
  day: string;
  units: number;
  gmv: number;
  counts: boolean;
}

/** Orders 0..n-1 of the last week: 1-3 units of the serum, every 4th with a toner too, some cancelled or unpaid. */
function weekOfOrders(first: number, n: number, now: DateTime): Seeded[] {
  return Array.from({ length: n }, (_, k) => {
    const i = first + k;
    // Order 0 is at 23:30 Jakarta time (16:30 UTC): it belongs to that Jakarta day, not the next UTC one.
    const created =
      k === 0
        ? now.setZone(ZONE).minus({ days: 4 }).set({ hour: 23, minute: 30, second: 0 })
        : now
            .setZone(ZONE)
            .minus({ days: 1 + (i % 7) })
            .set({ hour: 9, minute: 0, second: 0 })
            .plus({ minutes: i });
    const units = 1 + (i % 3);
    const items = Array.from({ length: units }, () => ({ skuId: SKU_SERUM, salePrice: "120000" }));
    if (i % 4 === 0) items.push({ skuId: SKU_TONER, salePrice: "85000" });
    const status = i % 13 === 5 ? "CANCELLED" : i % 17 === 3 ? "UNPAID" : "COMPLETED";
    const order = fakeOrder({
      id: orderId(i),
      createTime: unix(created),
      updateTime: unix(created) + 3600,
      status,
      items,
    });
    return {
      order,
      day: created.toISODate() as string,
      units: items.length,
      gmv: items.reduce((sum, item) => sum + Number(item.salePrice), 0),
      counts: status === "COMPLETED",
    };
  });
}

/** What the shop's facts must say per Jakarta day: sums over the orders that count. */
function expectedFacts(seeded: Seeded[]) {
  const byDay = new Map<string, { gmv_gross: number; orders: number; items_sold: number }>();
  for (const s of seeded.filter((x) => x.counts)) {
    const day = byDay.get(s.day) ?? { gmv_gross: 0, orders: 0, items_sold: 0 };
    day.gmv_gross += s.gmv;
    day.orders += 1;
    day.items_sold += s.units;
    byDay.set(s.day, day);
  }
  return Object.fromEntries([...byDay].sort());
}

/** JSON of database rows (their BigInt ids as text), to search for a string anywhere in them. */
const json = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? String(v) : v));

async function eventually<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(DATABASE_KINDS)("TikTok Shop sync on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  let fake: FakeTikTok;
  let shopId: string;
  const seeded: Seeded[] = [];
  const prisma = () => app.db.prisma;
  const text = async (as: string, line: string) =>
    (await command(app, as, line)).messages.map((m) => m.text).join("\n");
  const connection = () => prisma().shopConnection.findUniqueOrThrow({ where: { shopId } });
  const lineCount = () => prisma().orderLine.count({ where: { shopId } });
  const searches = () => fake.requestsTo(ORDER_SEARCH_PATH);
  // The playground runs a job once per shop and local day, through the scheduler's JobRun claims. Each sync below
  // stands for another day's run, so the day's claim is forgotten first (unless the test asks for the same day).
  const runJob = async (options: { sameDay?: boolean } = {}) => {
    if (!options.sameDay) await prisma().jobRun.deleteMany({ where: { jobName: "tiktok-sync" } });
    const { status, body } = await postJson(`${app.url}/api/playground/run`, { job: "tiktok-sync" });
    expect(status).toBe(200);
    return body.summary as string[];
  };
  const webhook = (event: Json, options?: { tamper?: boolean }) =>
    fake.postWebhook(`${app.url}${TIKTOK_WEBHOOK_PATH}`, event, options);

  /** The shop's imported order facts, per day and metric, summed over content types. */
  async function shopFacts(days: string[]) {
    const rows = await prisma().fact.findMany({
      where: {
        shopId,
        scopeType: "shop",
        source: "import",
        metricKey: { in: ["gmv_gross", "orders", "items_sold"] },
        date: { in: days.map((d) => new Date(`${d}T00:00:00Z`)) },
      },
    });
    const out: Record<string, Record<string, number>> = {};
    for (const row of rows) {
      const day = row.date.toISOString().slice(0, 10);
      out[day] ??= {};
      out[day][row.metricKey] = (out[day][row.metricKey] ?? 0) + Number(row.value);
    }
    return Object.fromEntries(Object.entries(out).sort());
  }

  beforeAll(async () => {
    clock = testClock();
    // The fake checks request timestamps against the same clock Starling signs with.
    fake = await startFakeTikTok({
      now: () => clock.now.toMillis(),
      shops: [
        { id: GLOWLAB.id, cipher: GLOWLAB.cipher, name: GLOWLAB.name, region: "ID" },
        { id: "7494726673780148744", cipher: "ROW_fake_cipher_other", name: "Someone Else's Shop", region: "ID" },
      ],
    });
    app = await startTestApp(kind, {
      clock,
      env: {
        TIKTOK_APP_KEY: fake.appKey,
        TIKTOK_APP_SECRET: fake.appSecret,
        TIKTOK_API_URL: fake.baseUrl,
        TIKTOK_AUTH_URL: fake.baseUrl,
        STARLING_SECRET_KEY: SECRET_KEY,
      },
    });
    shopId = (await prisma().shop.findFirstOrThrow({ where: { externalId: GLOWLAB.id } })).id;
    seeded.push(...weekOfOrders(0, 130, FIXED_NOW));
    fake.seedOrders(
      GLOWLAB.cipher,
      seeded.map((s) => s.order),
    );
    // Outside the first window: changed 35 days ago, and changed 20 seconds ago (not settled yet).
    const old = FIXED_NOW.minus({ days: 35 });
    fake.seedOrders(GLOWLAB.cipher, [fakeOrder({ id: orderId(900), createTime: unix(old), updateTime: unix(old) })]);
    const late = FIXED_NOW.minus({ seconds: 20 });
    fake.seedOrders(GLOWLAB.cipher, [fakeOrder({ id: orderId(901), createTime: unix(late), updateTime: unix(late) })]);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("lets only an admin connect a shop, with a token that authorises it, and stores the token encrypted", async () => {
    clock.now = FIXED_NOW;
    // A lead is refused, and the audit log records the refusal without the token.
    expect(await text("budi", `/shop connect ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN}`)).toContain("Only admins");
    const audit = await prisma().auditLog.findMany({ where: { action: "shop.connect" } });
    expect(audit).toHaveLength(1);
    expect(json(audit)).not.toContain(FAKE_ACCESS_TOKEN);

    expect(await text("ava", `/shop connect ${GLOWLAB.name} TTP_not_a_real_token`)).toMatch(
      /TikTok refused this token for GlowLab Official Store: .*access_token is invalid/,
    );
    const notAuthorised = await text("ava", `/shop connect GlowLab Beauty Mart ${FAKE_ACCESS_TOKEN}`);
    expect(notAuthorised).toContain("does not authorise GlowLab Beauty Mart (TikTok shop 7495000000000000102)");
    expect(notAuthorised).toContain("GlowLab Official Store (7495000000000000101)");
    expect(await text("ava", `/shop connect ${GLOWLAB.name}`)).toContain("then the seller's access token");
    expect(await prisma().shopConnection.count()).toBe(0);

    // By name (any case), or by the TikTok shop id.
    const reply = await command(app, "ava", `/shop connect glowlab official store ${FAKE_ACCESS_TOKEN}`);
    expect(reply.messages[0]?.ephemeral).toBe(true);
    expect(reply.messages[0]?.text).toContain("GlowLab Official Store is connected to the TikTok Shop API");
    expect(await text("ava", `/shop connect ${GLOWLAB.id} ${FAKE_ACCESS_TOKEN}`)).toContain("is connected");

    const shop = await prisma().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop.apiConnected).toBe(true);
    const row = await connection();
    expect(row.shopCipher).toBe(GLOWLAB.cipher);
    expect(row.accessTokenEnc).toMatch(/^v1\./);
    expect(decryptToken(Buffer.from(SECRET_KEY, "hex"), row.accessTokenEnc, `starling/tiktok-token/${shopId}`)).toBe(
      FAKE_ACCESS_TOKEN,
    );
    // Nowhere in the table, nor in the audit log, in the clear.
    const table = await app.db.sql.query('SELECT * FROM "ShopConnection"');
    expect(table).toHaveLength(1);
    expect(json(table)).not.toContain(FAKE_ACCESS_TOKEN);
    expect(json(await prisma().auditLog.findMany())).not.toContain(FAKE_ACCESS_TOKEN);

    const list = await text("sari", "/shop list");
    expect(list).toMatch(
      /GlowLab Official Store \(7495000000000000101\) · ID · IDR · team ID-beauty\n\s+🟢 API connected · not synced yet/,
    );
    expect(list).toMatch(/GlowLab Beauty Mart .*\n\s+⚪ API not connected/);
  });

  it("runs every morning at 07:30 shop time and pulls the last 30 days into order lines and the shop's facts", async () => {
    const targets = await tiktokSyncJob.targets(app.services, clock());
    expect(targets).toEqual([
      { key: shopId, label: GLOWLAB.name, timezone: ZONE, time: "07:30", weekdays: [1, 2, 3, 4, 5, 6, 7] },
    ]);

    clock.now = FIXED_NOW;
    const summary = await runJob();
    expect(summary).toEqual([expect.stringMatching(/^GlowLab Official Store: 130 order\(s\) updated since/)]);

    // Oldest change first, paged (130 orders at 100 a page), over [now − 30 days − 1 minute, now − 1 minute).
    const calls = searches();
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(calls[0]?.query).toMatchObject({ sort_field: "update_time", sort_order: "ASC", page_size: "100" });
    const to = FIXED_NOW.minus({ minutes: 1 });
    expect(JSON.parse(calls[0]?.body ?? "{}")).toEqual({
      update_time_ge: unix(to.minus({ days: 30 })),
      update_time_lt: unix(to),
    });

    const lines = seeded.reduce((n, s) => n + new Set(s.order.line_items.map((li: Json) => li.sku_id)).size, 0);
    expect(await lineCount()).toBe(lines);
    const first = await prisma().orderLine.findFirstOrThrow({
      where: { shopId, orderId: orderId(0), skuId: SKU_SERUM },
    });
    expect(first).toMatchObject({ source: "api", quantity: 1, currency: "IDR", status: "completed" });
    // 23:30 in Jakarta is that Jakarta day.
    expect(first.localDate.toISOString().slice(0, 10)).toBe(seeded[0]?.day);
    expect(await prisma().orderLine.count({ where: { orderId: { in: [orderId(900), orderId(901)] } } })).toBe(0);

    const expected = expectedFacts(seeded);
    expect(await shopFacts(Object.keys(expected))).toEqual(expected);

    const row = await connection();
    expect(row.syncedUntil?.toISOString()).toBe(to.toUTC().toISO({ suppressMilliseconds: false }));
    expect(row.lastSyncAt?.toISOString()).toBe(FIXED_NOW.toUTC().toISO());
    expect(row.lastError).toBeNull();
    expect(await text("sari", "/shop list")).toContain("API connected · last sync 2026-11-23 10:00");
  });

  it("changes nothing when it runs again, even over the same 30 days", async () => {
    const expected = expectedFacts(seeded);
    const before = { lines: await lineCount(), facts: await shopFacts(Object.keys(expected)) };
    clock.now = FIXED_NOW.plus({ minutes: 5 });
    // The same day, the playground does not run today's sync a second time.
    expect(await runJob({ sameDay: true })).toEqual(["GlowLab Official Store: already ran today (2026-11-23)"]);
    // The next window holds only the order changed 20 seconds before the first run.
    expect(await runJob()).toEqual([expect.stringMatching(/: 1 order\(s\) updated since .*, 1 line\(s\) imported/)]);
    expect(await lineCount()).toBe(before.lines + 1);

    // The same window again (a cursor lost): every line is found by its natural key and updated, none added.
    await prisma().shopConnection.update({ where: { shopId }, data: { syncedUntil: null } });
    clock.now = FIXED_NOW;
    expect(await runJob()).toEqual([expect.stringMatching(/: 130 order\(s\) updated since/)]);
    expect(await lineCount()).toBe(before.lines + 1);
    expect(await shopFacts(Object.keys(expected))).toEqual(before.facts);
    expect(await prisma().orderLine.count({ where: { shopId, createdLocal: { lt: new Date("2026-11-01") } } })).toBe(0);
  });

  it("waits out a 429 and imports what changed, from /shop sync (managers and admins only)", async () => {
    clock.now = FIXED_NOW.plus({ hours: 2 });
    const changed = FIXED_NOW.plus({ hours: 1 });
    fake.seedOrders(GLOWLAB.cipher, [
      fakeOrder({
        id: orderId(500),
        createTime: unix(changed),
        updateTime: unix(changed),
        items: [{ skuId: SKU_TONER, salePrice: "85000" }],
      }),
    ]);
    expect(await text("sari", `/shop sync ${GLOWLAB.name}`)).toContain("Only managers and admins");

    const seen = searches().length;
    fake.rateLimit(1, { retryAfterSeconds: 0 });
    const reply = await text("mei", `/shop sync ${GLOWLAB.name}`);
    expect(reply).toMatch(/GlowLab Official Store/);
    const calls = searches().slice(seen);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(await prisma().orderLine.count({ where: { shopId, orderId: orderId(500) } })).toBe(1);
    expect((await connection()).lastError).toBeNull();

    // The rate limit as an envelope code on HTTP 200 is waited out the same way.
    clock.now = FIXED_NOW.plus({ hours: 3 });
    fake.rateLimit(1, { as: "envelope", retryAfterSeconds: 0 });
    expect(await text("ava", `/shop sync ${GLOWLAB.id}`)).toContain("Synced GlowLab Official Store: 0 orders");
    expect(
      searches()
        .slice(-2)
        .map((c) => c.code),
    ).toEqual([36009002, 0]);
  });

  it("keeps the window and stores the error when a sync fails, shows it in /shop list, and retries it next time", async () => {
    const before = await connection();
    clock.now = FIXED_NOW.plus({ hours: 4 });
    const changed = FIXED_NOW.plus({ hours: 3, minutes: 30 });
    fake.seedOrders(GLOWLAB.cipher, [
      fakeOrder({ id: orderId(501), createTime: unix(changed), updateTime: unix(changed) }),
    ]);
    // TikTok stops recognising the cipher (a shop re-authorised elsewhere): not retryable.
    const shop = fake.shops[0] as (typeof fake.shops)[number];
    shop.cipher = "ROW_cipher_changed";
    const reply = await text("ava", `/shop sync ${GLOWLAB.name}`);
    expect(reply).toMatch(/The sync of GlowLab Official Store failed: .*shop_cipher is invalid/);
    expect(reply).not.toContain(FAKE_ACCESS_TOKEN);

    const failed = await connection();
    expect(failed.lastError).toMatch(/code 106013 shop_cipher is invalid/);
    expect(failed.syncedUntil).toEqual(before.syncedUntil);
    expect(failed.lastSyncAt).toEqual(before.lastSyncAt);
    expect(await text("sari", "/shop list")).toMatch(
      /⚠️ last error: TikTok Shop POST \/order\/202309\/orders\/search failed/,
    );
    expect(await prisma().orderLine.count({ where: { orderId: orderId(501) } })).toBe(0);
    // The scheduled run of one shop fails loudly too (the scheduler records it); the playground run lists it.
    expect(await runJob()).toEqual([
      expect.stringMatching(/^GlowLab Official Store: failed: .*shop_cipher is invalid/),
    ]);

    shop.cipher = GLOWLAB.cipher;
    clock.now = FIXED_NOW.plus({ hours: 5 });
    expect(await runJob()).toEqual([expect.stringMatching(/: 1 order\(s\) updated since/)]);
    expect(await prisma().orderLine.count({ where: { orderId: orderId(501) } })).toBe(1);
    const recovered = await connection();
    expect(recovered.lastError).toBeNull();
    expect(recovered.syncedUntil?.getTime()).toBe(FIXED_NOW.plus({ hours: 5, minutes: -1 }).toMillis());
    expect(await text("sari", "/shop list")).not.toContain("last error");
  });

  it("syncs in the background on a signed order webhook, and refuses a forged one", async () => {
    clock.now = FIXED_NOW.plus({ hours: 6 });
    const changed = FIXED_NOW.plus({ hours: 5, minutes: 30 });
    fake.seedOrders(GLOWLAB.cipher, [
      fakeOrder({ id: orderId(502), createTime: unix(changed), updateTime: unix(changed) }),
    ]);
    const event = {
      type: 1,
      shop_id: GLOWLAB.id,
      timestamp: unix(clock.now),
      data: { order_id: orderId(502), order_status: "AWAITING_SHIPMENT", update_time: unix(changed) },
    };

    const seen = searches().length;
    const forged = await webhook(event, { tamper: true });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${app.url}${TIKTOK_WEBHOOK_PATH}`, { method: "POST", body: JSON.stringify(event) });
    expect(unsigned.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(searches().length).toBe(seen);

    // Signed but not an event: 400. Signed, for a shop nobody connected, or not about orders: 200, nothing done.
    // A shop id sent as a JSON number would already have been rounded: refused.
    const raw = `{"type":1,"shop_id":${GLOWLAB.id},"timestamp":1,"data":{}}`;
    const bad = await fetch(`${app.url}${TIKTOK_WEBHOOK_PATH}`, {
      method: "POST",
      headers: { authorization: webhookSignature(raw, fake.appKey, fake.appSecret) },
      body: raw,
    });
    expect(bad.status).toBe(400);
    expect((await webhook({ ...event, shop_id: "7494726673780148744" })).status).toBe(200);
    expect((await webhook({ ...event, type: 5 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(searches().length).toBe(seen);

    const signed = await webhook(event);
    expect(signed.status).toBe(200);
    await eventually(
      async () => (await prisma().orderLine.count({ where: { orderId: orderId(502) } })) === 1,
      "the webhook's sync to import the order",
    );
    await eventually(async () => (await connection()).lastSyncAt?.getTime() === clock.now.toMillis(), "the cursor");
  });

  it("refreshes a token that expires within a day, keeping only the new one, encrypted", async () => {
    clock.now = FIXED_NOW.plus({ hours: 7 });
    const refreshToken = fake.refreshToken();
    expect(await text("ava", `/shop connect ${GLOWLAB.name} ${fake.accessToken()} refresh ${refreshToken}`)).toContain(
      "is connected",
    );
    expect((await connection()).syncedUntil).not.toBeNull();
    // Expiry unknown after a connect: the first sync refreshes (and so learns it).
    expect(await text("ava", `/shop sync ${GLOWLAB.name}`)).toContain("Synced");
    expect(fake.requestsTo(TOKEN_REFRESH_PATH)).toHaveLength(1);
    const row = await connection();
    const key = Buffer.from(SECRET_KEY, "hex");
    const context = `starling/tiktok-token/${shopId}`;
    expect(fake.accessToken()).not.toBe(FAKE_ACCESS_TOKEN);
    expect(decryptToken(key, row.accessTokenEnc, context)).toBe(fake.accessToken());
    expect(decryptToken(key, row.refreshTokenEnc as string, context)).toBe(fake.refreshToken());
    expect(row.accessExpiresAt?.getTime()).toBe((unix(clock.now) + 7 * 86_400) * 1000);
    const table = json(await app.db.sql.query('SELECT * FROM "ShopConnection"'));
    for (const token of [fake.accessToken(), fake.refreshToken(), refreshToken]) expect(table).not.toContain(token);

    // Six days later it expires within a day: refreshed again; before that, not.
    clock.now = FIXED_NOW.plus({ days: 2 });
    await text("ava", `/shop sync ${GLOWLAB.name}`);
    expect(fake.requestsTo(TOKEN_REFRESH_PATH)).toHaveLength(1);
    clock.now = FIXED_NOW.plus({ days: 6, hours: 8 });
    expect(await text("ava", `/shop sync ${GLOWLAB.name}`)).toContain("Synced");
    expect(fake.requestsTo(TOKEN_REFRESH_PATH)).toHaveLength(2);
    expect((await connection()).lastError).toBeNull();
  });

  it("is run by the scheduler at 07:30 in the shop's timezone, once a day", async () => {
    const morning = DateTime.fromISO("2026-11-30T07:30", { zone: ZONE });
    clock.now = morning.minus({ minutes: 1 });
    expect((await app.scheduler.tick()).ran.filter((id) => id.startsWith("tiktok-sync:"))).toEqual([]);
    clock.now = morning;
    const report = await app.scheduler.tick();
    expect(report.ran.filter((id) => id.startsWith("tiktok-sync:"))).toEqual([`tiktok-sync:${shopId}:2026-11-30`]);
    expect((await connection()).lastSyncAt?.getTime()).toBe(morning.toMillis());
    clock.now = morning.plus({ minutes: 5 });
    expect((await app.scheduler.tick()).ran.filter((id) => id.startsWith("tiktok-sync:"))).toEqual([]);
  });

  it("disconnects: tokens deleted, no more scheduled or webhook syncs", async () => {
    expect(await text("budi", `/shop disconnect ${GLOWLAB.name}`)).toContain("Only admins");
    expect(await text("ava", `/shop disconnect ${GLOWLAB.name}`)).toContain("is disconnected");
    expect(await prisma().shopConnection.count()).toBe(0);
    expect((await prisma().shop.findUniqueOrThrow({ where: { id: shopId } })).apiConnected).toBe(false);
    expect(await tiktokSyncJob.targets(app.services, clock())).toEqual([]);
    const seen = searches().length;
    expect((await webhook({ type: 1, shop_id: GLOWLAB.id, timestamp: unix(clock.now), data: {} })).status).toBe(200);
    expect(await text("ava", `/shop sync ${GLOWLAB.name}`)).toContain("is not connected");
    expect(searches().length).toBe(seen);
    expect(await lineCount()).toBeGreaterThan(0);
    expect(await text("ava", `/shop disconnect ${GLOWLAB.name}`)).toContain("was not connected");
  });
});

describe("one sync per shop at a time", () => {
  function harness() {
    const gates: (() => void)[] = [];
    const calls: string[] = [];
    let fail = false;
    const stored: string[] = [];
    const conn = (shopId: string): Connection => ({
      shopId,
      shopName: `Shop ${shopId}`,
      externalId: "1",
      timezone: ZONE,
      shopCipher: "c",
      accessToken: "TTP_secret_token_value",
      refreshToken: null,
      accessExpiresAt: null,
      syncedUntil: null,
    });
    const deps: TikTokSyncDeps = {
      connections: {
        load: async (shopId: string) => conn(shopId),
        recordSuccess: async () => {},
        recordFailure: async (_shopId: string, error: string) => {
          stored.push(error);
        },
      } as unknown as ConnectionRepository,
      imports: {
        async importOrders(shopId) {
          calls.push(shopId);
          await new Promise<void>((resolve) => gates.push(resolve));
          if (fail) throw new Error("database said no to TTP_secret_token_value");
          return { imported: 0, created: 0, updated: 0, dates: null } as never;
        },
      },
      config: {
        appKey: "k",
        appSecret: "s",
        apiUrl: "http://127.0.0.1:9",
        authUrl: "http://127.0.0.1:9",
        secretKey: Buffer.alloc(32),
      },
      clock: () => FIXED_NOW,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
    return { sync: createTikTokSync(deps), gates, calls, stored, tick, failNext: () => (fail = true) };
  }

  it("queues one more run for any number of requests during a run, and never runs a shop twice at once", async () => {
    const h = harness();
    const first = h.sync.syncShop("a");
    await h.tick();
    const queued = [h.sync.syncShop("a"), h.sync.syncShop("a")];
    h.sync.requestSync("a");
    h.sync.syncShop("b");
    await h.tick();
    expect(h.calls).toEqual(["a", "b"]);
    h.gates.shift()?.();
    await first;
    await h.tick();
    expect(h.calls).toEqual(["a", "b", "a"]);
    h.gates.shift()?.();
    h.gates.shift()?.();
    await Promise.all(queued);
    await h.sync.idle();
    expect(h.calls).toEqual(["a", "b", "a"]);
  });

  it("runs the queued sync after a failed one, and keeps tokens out of the stored error", async () => {
    const h = harness();
    h.failNext();
    const first = h.sync.syncShop("a");
    await h.tick();
    const second = h.sync.syncShop("a");
    h.gates.shift()?.();
    await expect(first).rejects.toBeInstanceOf(TikTokSyncError);
    await h.tick();
    expect(h.calls).toEqual(["a", "a"]);
    h.gates.shift()?.();
    await expect(second).rejects.toThrow("database said no to [redacted]");
    expect(h.stored).toEqual(["database said no to [redacted]", "database said no to [redacted]"]);
  });
});
