// The ingest API end to end on PGlite and PostgreSQL: a token created by an admin in chat (shown once, stored as a
// hash), JSON and CSV bodies written exactly and upserted on the natural key, idempotent replays and conflicting
// keys, concurrent requests with one key, every bad row named with nothing written, 401s, and money converted at the
// day's rate with the original kept. The API is mounted a second time on its own server so the test can pass a
// collector as onFactsChanged; one request also goes to the app's own mount.
import { createHash } from "node:crypto";
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../src/http/server.js";
import { createIngestRepository } from "../../src/ingest/repository.js";
import { mountIngest } from "../../src/ingest/routes.js";
import { silentLogger } from "../../src/log.js";
import type { Starling } from "../../src/main.js";
import { createFxRepository } from "../../src/metrics/fx-repository.js";
import { command, FIXED_NOW, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

const SHOP_ID = "7495000000000000101"; // GlowLab Official Store (ID-beauty): 18 digits, more than a double holds

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON replies and assert on them.
  body: any;
}

describe.each(DATABASE_KINDS)("ingest API on %s", (kind) => {
  let app: Starling;
  let server: HttpServer;
  let url: string;
  let token: string;
  let idle: () => Promise<void>;
  const changed: string[][] = [];
  const prisma = () => app.db.prisma;
  const teamId = async (slug: string) => (await prisma().team.findFirstOrThrow({ where: { slug } })).id;
  const ingestFacts = () =>
    prisma().fact.findMany({ where: { source: "ingest" }, orderBy: [{ metricKey: "asc" }, { date: "asc" }] });
  const say = async (as: string, text: string) => (await command(app, as, text)).messages;

  async function post(
    body: unknown,
    options: { key?: string | null; token?: string | null; type?: string; to?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { "content-type": options.type ?? "application/json" };
    const bearer = options.token === undefined ? token : options.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    if (options.key !== null) headers["idempotency-key"] = options.key ?? `k-${Math.random()}`;
    const response = await fetch(options.to ?? url, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function createToken(as: string, name: string): Promise<string> {
    const [reply] = await say(as, `/ingest token create ${name}`);
    expect(reply?.ephemeral).toBe(true);
    const found = /stk_[0-9A-Za-z]{32}/.exec(reply?.text ?? "");
    if (!found) throw new Error(`no token in the reply: ${reply?.text}`);
    return found[0];
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    server = createHttpServer(silentLogger);
    ({ idle } = mountIngest({
      http: server,
      tokens: app.services.ingest,
      repo: createIngestRepository(prisma()),
      members: app.services.members,
      fx: createFxRepository(prisma()),
      audit: app.services.audit,
      clock: () => FIXED_NOW,
      log: silentLogger,
      async onFactsChanged(teamIds) {
        changed.push(teamIds);
      },
    }));
    url = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}/api/ingest/facts`;
    token = await createToken("ava", "erp");
  });
  afterAll(async () => {
    await server?.close();
    await app?.stop();
  });

  it("shows the token once and stores only its hash; members cannot create tokens", async () => {
    const rows = await prisma().ingestToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: "erp",
      tokenHash: createHash("sha256").update(token).digest("hex"),
      prefix: token.slice(0, 10),
      revokedAt: null,
    });
    // Neither the token nor its random part is anywhere in the table or the audit log.
    const secret = token.slice(4);
    const dump = await app.db.sql.query<{ j: string }>(
      `SELECT row_to_json(t)::text AS j FROM "IngestToken" t UNION ALL SELECT row_to_json(a)::text FROM "AuditLog" a`,
    );
    expect(dump.some((r) => r.j.includes(secret))).toBe(false);
    expect(await prisma().auditLog.count({ where: { action: "ingest.token_create", allowed: true } })).toBe(1);

    const denied = await say("sari", "/ingest token create mine");
    expect(denied[0]?.text).toContain("Only admins manage ingest tokens");
    expect(denied[0]?.text).not.toMatch(/stk_[0-9A-Za-z]{32}/);
    expect(await prisma().ingestToken.count()).toBe(1);
    expect(await prisma().auditLog.count({ where: { action: "ingest.token_create", allowed: false } })).toBe(1);
    expect((await say("budi", "/接入 令牌 列表"))[0]?.text).toContain("Only admins");

    const list = (await say("ava", "/ingest token list"))[0]?.text ?? "";
    expect(list).toContain(`\`${token.slice(0, 10)}…\` erp · created 2026-11-23`);
    expect(list).toContain("never used");
    expect(list).not.toContain(secret);
    const help = (await say("ava", "/ingest help"))[0]?.text ?? "";
    expect(help).toContain("curl -X POST https://<your host>/api/ingest/facts");
  });

  it("writes a JSON batch exactly: decimal strings, the 18-digit shop id, team and member scopes", async () => {
    const body = {
      facts: [
        { date: "2026-11-20", metric: "gmv_gross", shop: SHOP_ID, value: "12345678901234.123456", contentType: "live" },
        { date: "2026-11-20", metric: "orders", team: "ID-beauty", value: 37, traffic: "paid" },
        { date: "2026-11-21", metric: "videos_posted", member: "@Sari", value: "3", productId: "SKU-9" },
        { date: "2026-11-21", metric: "ad_spend", team: "Indonesia Beauty", value: 1250.5, currency: null },
      ],
    };
    const reply = await post(body, { key: "batch-1" });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ accepted: 4, created: 4, updated: 0, teams: ["ID-beauty"] });
    expect(reply.headers.get("idempotent-replay")).toBeNull();

    const id = await teamId("ID-beauty");
    const shop = await prisma().shop.findFirstOrThrow({ where: { externalId: SHOP_ID } });
    const sari = await prisma().member.findFirstOrThrow({ where: { handle: "sari" } });
    const facts = await ingestFacts();
    expect(
      facts.map((f) => ({
        metric: f.metricKey,
        date: f.date.toISOString().slice(0, 10),
        scope: `${f.scopeType}:${f.scopeId}`,
        value: f.value.toString(),
        original: f.originalAmount?.toString() ?? null,
        currency: f.originalCurrency,
        dims: `${f.contentType}/${f.traffic}/${f.productId}`,
      })),
    ).toEqual([
      {
        metric: "ad_spend",
        date: "2026-11-21",
        scope: `team:${id}`,
        value: "1250.5",
        original: "1250.5",
        currency: "IDR",
        dims: "none/none/",
      },
      {
        metric: "gmv_gross",
        date: "2026-11-20",
        scope: `shop:${shop.id}`,
        value: "12345678901234.123456",
        original: "12345678901234.123456",
        currency: "IDR",
        dims: "live/none/",
      },
      {
        metric: "orders",
        date: "2026-11-20",
        scope: `team:${id}`,
        value: "37",
        original: null,
        currency: null,
        dims: "none/paid/",
      },
      {
        metric: "videos_posted",
        date: "2026-11-21",
        scope: `member:${sari.id}`,
        value: "3",
        original: null,
        currency: null,
        dims: "none/none/SKU-9",
      },
    ]);
    expect(facts.every((f) => f.teamId === id && f.fxRateDate === null)).toBe(true);
    expect(facts.find((f) => f.scopeType === "shop")?.shopId).toBe(shop.id);
    expect(facts.find((f) => f.scopeType === "member")?.memberId).toBe(sari.id);

    await idle();
    expect(changed).toEqual([[id]]);
    const used = await prisma().ingestToken.findFirstOrThrow();
    expect(used.lastUsedAt?.getTime()).toBe(FIXED_NOW.toMillis());
    expect(await prisma().auditLog.count({ where: { action: "ingest.facts", subject: "batch-1" } })).toBe(1);
  });

  it("answers a replay with the stored answer and writes nothing; another body under the key is a 409", async () => {
    const body = { facts: [{ date: "2026-11-19", metric: "orders", team: "TH-home", value: "12" }] };
    const first = await post(body, { key: "replay-1" });
    expect(first.status).toBe(200);
    await idle();
    const calls = changed.length;
    // If the replay wrote, this value would go back to 12.
    await prisma().fact.updateMany({
      where: { source: "ingest", metricKey: "orders", teamId: await teamId("TH-home") },
      data: { value: "99" },
    });

    const again = await post(body, { key: "replay-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    expect(again.body).toEqual(first.body);
    const th = await prisma().fact.findFirstOrThrow({ where: { source: "ingest", teamId: await teamId("TH-home") } });
    expect(th.value.toString()).toBe("99");

    const other = await post({ facts: [{ ...body.facts[0], value: "13" }] }, { key: "replay-1" });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(other.body.error.message).toContain("replay-1");
    await idle();
    expect(changed.length).toBe(calls);
  });

  it("replaces a fact sent again under a new key instead of adding to it", async () => {
    const fact = { date: "2026-11-18", metric: "gmv_gross", shop: "GizmoHub UK", value: "100.10" };
    expect((await post({ facts: [fact] })).body).toMatchObject({ created: 1, updated: 0, teams: ["UK-gadgets"] });
    expect((await post({ facts: [{ ...fact, value: "90.25" }] })).body).toMatchObject({ created: 0, updated: 1 });
    const rows = await prisma().fact.findMany({ where: { source: "ingest", teamId: await teamId("UK-gadgets") } });
    expect(rows.map((r) => r.value.toString())).toEqual(["90.25"]);
  });

  it("reads CSV with columns in any order, empty cells as absent and quoted cells", async () => {
    const csv = [
      "\uFEFFvalue,metric,member,date,team,product_id,content_type,traffic,currency,shop",
      '"1,5",gmv_gross,,2026-11-17,,,,,,x',
      "", // a blank line is skipped
    ];
    // The first row is bad (a comma is not a decimal point): fix it and send again under the same key.
    const bad = await post(csv.join("\r\n"), { type: "text/csv", key: "csv-1" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_row", row: 1, field: "value" });
    const good = [
      "value,metric,member,date,team,product_id,content_type,traffic,currency,shop",
      `2500000.75,gmv_gross,,2026-11-17,,"SKU ""A"", 30ml",video,organic,,${SHOP_ID}`,
      "4,live_sessions,dewi,2026-11-17,,,live,,,",
    ].join("\n");
    const reply = await post(good, { type: "text/csv; charset=utf-8", key: "csv-1" });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ accepted: 2, created: 2, updated: 0, teams: ["ID-beauty"] });
    const rows = await prisma().fact.findMany({
      where: { source: "ingest", date: new Date("2026-11-17T00:00:00Z") },
      orderBy: { metricKey: "asc" },
    });
    expect(rows.map((r) => [r.metricKey, r.value.toString(), r.productId, r.contentType, r.traffic])).toEqual([
      ["gmv_gross", "2500000.75", 'SKU "A", 30ml', "video", "organic"],
      ["live_sessions", "4", "", "live", "none"],
    ]);
  });

  it("refuses a batch with bad rows, naming each row and field, and writes nothing", async () => {
    const before = await prisma().fact.count({ where: { source: "ingest" } });
    const reply = await post(
      {
        facts: [
          { date: "2026-11-20", metric: "orders", team: "ID-beauty", value: "5" },
          { date: "2026-11-20", metric: "gmv_total", team: "ID-beauty", value: "5" },
          { date: "2026-11-31", metric: "orders", team: "ID-beauty", value: "5" },
          { date: "2026-11-20", metric: "orders", team: "ID-beauty", shop: SHOP_ID, value: "5" },
          { date: "2026-11-20", metric: "roi", team: "ID-beauty", value: "4.2" },
          { date: "2026-11-25", metric: "orders", team: "ID-beauty", value: "5" },
          { date: "2026-11-20", metric: "orders", shop: Number(SHOP_ID), value: "5" },
        ],
      },
      { key: "bad-1" },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: "invalid_row", row: 2, field: "metric" });
    expect(reply.body.error.message).toContain("nothing was written");
    expect(reply.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [2, "metric"],
      [3, "date"],
      [4, "shop"],
      [5, "metric"],
      [6, "date"],
      [7, "shop"],
    ]);
    const message = (row: number) => reply.body.errors.find((e: { row: number }) => e.row === row).message;
    expect(message(2)).toContain("unknown metric");
    expect(message(4)).toContain("exactly one of team, shop or member");
    expect(message(5)).toContain("send gmv_gross and ad_spend");
    expect(message(6)).toContain("2026-11-24");
    expect(message(7)).toContain("as a string");
    expect(await prisma().fact.count({ where: { source: "ingest" } })).toBe(before);
    expect(await prisma().ingestRequest.count({ where: { key: "bad-1" } })).toBe(0);

    const csv = await post("date,metric,team,valeu\n2026-11-20,orders,ID-beauty,5", { type: "text/csv" });
    expect(csv.status).toBe(400);
    expect(csv.body.error).toMatchObject({ code: "invalid_csv", field: "valeu" });
  });

  it("converts money in another currency at the day's rate and keeps the original", async () => {
    const rate = await prisma().fxRate.findUniqueOrThrow({
      where: { currency_date: { currency: "IDR", date: new Date("2026-11-16T00:00:00Z") } },
    });
    const reply = await post({
      facts: [{ date: "2026-11-16", metric: "gmv_gross", team: "ID-beauty", value: "1250.50", currency: "usd" }],
    });
    expect(reply.status).toBe(200);
    const fact = await prisma().fact.findFirstOrThrow({
      where: { source: "ingest", date: new Date("2026-11-16T00:00:00Z") },
    });
    const expected = new Decimal(1).div(rate.usdRate.toString()).mul("1250.50").toDecimalPlaces(6);
    expect(fact.value.toString()).toBe(expected.toString());
    expect(fact).toMatchObject({ originalCurrency: "USD", scopeType: "team" });
    expect(fact.originalAmount?.toString()).toBe("1250.5");
    expect(fact.fxRateDate?.toISOString().slice(0, 10)).toBe("2026-11-16");

    const unknown = await post({
      facts: [
        { date: "2026-11-16", metric: "orders", team: "ID-beauty", value: "1", currency: "EUR" },
        { date: "2026-11-16", metric: "gmv_gross", team: "ID-beauty", value: "10", currency: "EUR" },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: "no_fx_rate", row: 2, field: "currency" });
  });

  it("needs a live token and an Idempotency-Key, and refuses oversized batches", async () => {
    const fact = { date: "2026-11-20", metric: "orders", team: "ID-beauty", value: "1" };
    const missing = await post({ facts: [fact] }, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("missing_token");
    const wrong = await post({ facts: [fact] }, { token: `stk_${"x".repeat(32)}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: "invalid_token", message: expect.stringContaining("revoked") });

    const noKey = await post({ facts: [fact] }, { key: null });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error).toMatchObject({ code: "missing_idempotency_key", field: "Idempotency-Key" });
    expect((await post({ facts: [fact] }, { key: "k".repeat(201) })).status).toBe(400);
    expect((await post({ facts: [fact] }, { type: "text/plain" })).status).toBe(415);

    const tooMany = await post({ facts: Array.from({ length: 10_001 }, () => fact) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.message).toContain("10,000");

    const other = await createToken("ava", "bi tool");
    expect((await post({ facts: [fact] }, { token: other })).status).toBe(200);
    const revoked = (await say("ava", `/ingest token revoke ${other.slice(0, 10)}`))[0]?.text ?? "";
    expect(revoked).toContain("Revoked");
    const after = await post({ facts: [fact] }, { token: other });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("invalid_token");
    expect((await say("ava", "/ingest token list"))[0]?.text).toContain("revoked");
  });

  it("lets one of two concurrent requests with the same key write", async () => {
    const body = { facts: [{ date: "2026-11-15", metric: "orders", team: "UK-gadgets", value: "8" }] };
    const same = await Promise.all([post(body, { key: "race-1" }), post(body, { key: "race-1" })]);
    expect(same.map((r) => r.status)).toEqual([200, 200]);
    expect(same.filter((r) => r.headers.get("idempotent-replay") === "true")).toHaveLength(1);
    expect(same[0]?.body).toEqual(same[1]?.body);

    const other = { facts: [{ ...body.facts[0], value: "9" }] };
    const clash = await Promise.all([post(body, { key: "race-2" }), post(other, { key: "race-2" })]);
    expect(clash.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = await prisma().fact.findFirstOrThrow({
      where: { source: "ingest", date: new Date("2026-11-15T00:00:00Z") },
    });
    expect(stored.value.toString()).toBe(clash[0]?.status === 200 ? "8" : "9");
  });

  it("is mounted by the app itself", async () => {
    const reply = await post(
      { facts: [{ date: "2026-11-20", metric: "orders", team: "ID-beauty", value: "2" }] },
      { to: `${app.url}/api/ingest/facts` },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ accepted: 1, teams: ["ID-beauty"] });
    expect((await post({ facts: [] }, { to: `${app.url}/api/ingest/facts`, token: null })).status).toBe(401);
  });
});
