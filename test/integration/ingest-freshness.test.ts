// The ingest API and freshness end to end on PGlite and PostgreSQL: every write records its feeds' SourceDay rows
// (a shop's feed for shop facts, the team's own feed for team and member facts); days sent without a declaration
// count once over and hold nobody back; a JSON "complete" declaration or CSV's ?complete_through= marks every day
// since the feed's previous complete day and moves /kpi team's "through"; refusals (a day not over in the team's or
// the shop's zone, unknown team or shop, a shop of another team, a year before 2000, too many) write nothing; a
// replay writes nothing again. The demo's own SourceDay rows are removed first, so only this test's feeds count.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { command, FIXED_NOW, startTestApp, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

const GLOW = "7495000000000000101"; // GlowLab Official Store (ID-beauty, Asia/Jakarta)
const GIZMO_UK = "7495000000000000301"; // GizmoHub UK (UK-gadgets, Europe/London)

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON replies and assert on them.
  body: any;
}

describe.each(DATABASE_KINDS)("ingest freshness on %s", (kind) => {
  let app: Starling;
  let token: string;
  // Monday 23 Nov 2026, 10:00 in Jakarta, 03:00 in London: 22 Nov is over in both.
  const clock = testClock(FIXED_NOW);
  const prisma = () => app.db.prisma;
  const say = async (as: string, text: string) => (await command(app, as, text)).messages;

  async function post(body: unknown, options: { key?: string; type?: string; query?: string } = {}): Promise<Reply> {
    const response = await fetch(`${app.url}/api/ingest/facts${options.query ?? ""}`, {
      method: "POST",
      headers: {
        "content-type": options.type ?? "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": options.key ?? `k-${Math.random()}`,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  const shopId = async (externalId: string) => (await prisma().shop.findFirstOrThrow({ where: { externalId } })).id;
  const teamId = async (slug: string) => (await prisma().team.findFirstOrThrow({ where: { slug } })).id;
  /** A feed's days as "date complete" pairs, oldest first. */
  async function feedDays(team: string, shop: string | null): Promise<string[]> {
    const rows = await prisma().sourceDay.findMany({
      where: { teamId: await teamId(team), shopId: shop === null ? "" : await shopId(shop), source: "ingest" },
      orderBy: { date: "asc" },
    });
    return rows.map((r) => `${r.date.toISOString().slice(0, 10)} ${r.complete ? "complete" : "data"}`);
  }
  /** What /kpi team says its figures run through ("through 22 Nov"), and its notes. */
  async function teamLine(slug: string): Promise<string> {
    const [reply] = await say("ava", `/kpi team ${slug}`);
    return reply?.text ?? "";
  }
  const through = async (slug: string) => /through (\d+ \w+)/.exec(await teamLine(slug))?.[1];
  const counts = async () => ({
    days: await prisma().sourceDay.count(),
    facts: await prisma().fact.count({ where: { source: "ingest" } }),
    requests: await prisma().ingestRequest.count(),
  });

  beforeAll(async () => {
    app = await startTestApp(kind, { clock });
    const [reply] = await say("ava", "/ingest token create erp");
    token = /stk_[0-9A-Za-z]{32}/.exec(reply?.text ?? "")?.[0] ?? "";
    expect(token).not.toBe("");
    // Only this test's feeds: the demo's seeded days would decide "through" otherwise.
    await prisma().sourceDay.deleteMany({});
  });
  beforeEach(() => {
    clock.now = FIXED_NOW;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("records each feed's days with its facts; days never declared complete hold nobody back", async () => {
    expect(await through("ID-beauty")).toBe("22 Nov");
    const reply = await post({
      facts: [
        { date: "2026-11-20", metric: "gmv_gross", shop: GLOW, value: "100" },
        { date: "2026-11-21", metric: "gmv_gross", shop: GLOW, value: "110" },
        { date: "2026-11-22", metric: "orders", shop: "GlowLab Official Store", value: "4" },
        { date: "2026-11-21", metric: "orders", team: "ID-beauty", value: "9" },
        { date: "2026-11-22", metric: "videos_posted", member: "sari", value: "2" },
      ],
    });
    expect(reply.status).toBe(200);
    // Facts alone: the answer is what it always was, with no "complete" list.
    expect(reply.body).toEqual({ accepted: 5, created: 5, updated: 0, teams: ["ID-beauty"] });
    expect(await feedDays("ID-beauty", GLOW)).toEqual(["2026-11-20 data", "2026-11-21 data", "2026-11-22 data"]);
    // Team and member facts go to the team's own feed.
    expect(await feedDays("ID-beauty", null)).toEqual(["2026-11-21 data", "2026-11-22 data"]);
    const row = await prisma().sourceDay.findFirstOrThrow({ where: { shopId: await shopId(GLOW) } });
    expect(row.firstSeenAt.toISOString()).toBe(FIXED_NOW.toJSDate().toISOString());
    expect(row.completedAt).toBeNull();

    // The rule for a sender that never declares: each of its days counts once over, so nothing is held back.
    expect(await through("ID-beauty")).toBe("22 Nov");
    const freshness = await app.services.freshness.forTeam(
      { id: await teamId("ID-beauty"), timezone: "Asia/Jakarta" },
      FIXED_NOW,
    );
    expect(freshness).toMatchObject({ completeThrough: "2026-11-22", behind: [] });
  });

  it("moves the team's through with declarations: from the previous complete day, facts or none", async () => {
    // A body of declarations alone: GlowLab is whole through 20 Nov, so the team is too, and the shop is behind.
    const first = await post({ complete: [{ team: "ID-beauty", shop: GLOW, through: "2026-11-20" }] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      accepted: 0,
      created: 0,
      updated: 0,
      teams: ["ID-beauty"],
      complete: [{ team: "ID-beauty", shop: "GlowLab Official Store", through: "2026-11-20", days: 1 }],
    });
    expect(await feedDays("ID-beauty", GLOW)).toEqual(["2026-11-20 complete", "2026-11-21 data", "2026-11-22 data"]);
    const held = await teamLine("ID-beauty");
    expect(held).toContain("through 20 Nov");
    expect(held).toContain("GlowLab Official Store: no data since 20 Nov");

    // Today's facts with a declaration through yesterday: 21 and 22 Nov are marked, today stays data only.
    const second = await post({
      facts: [{ date: "2026-11-23", metric: "gmv_gross", shop: GLOW, value: "5" }],
      complete: [{ team: "Indonesia Beauty", shop: "GlowLab Official Store", through: "2026-11-22" }],
    });
    expect(second.status).toBe(200);
    expect(second.body.complete).toEqual([
      { team: "ID-beauty", shop: "GlowLab Official Store", through: "2026-11-22", days: 2 },
    ]);
    expect(await feedDays("ID-beauty", GLOW)).toEqual([
      "2026-11-20 complete",
      "2026-11-21 complete",
      "2026-11-22 complete",
      "2026-11-23 data",
    ]);
    const moved = await teamLine("ID-beauty");
    expect(moved).toContain("through 22 Nov");
    expect(moved).not.toContain("GlowLab Official Store: no data");

    // Declaring a day already complete again marks nothing new.
    const again = await post({ complete: [{ team: "ID-beauty", shop: GLOW, through: "2026-11-21" }] });
    expect(again.body.complete).toEqual([
      { team: "ID-beauty", shop: "GlowLab Official Store", through: "2026-11-21", days: 0 },
    ]);

    // The team's own feed declares too, and holds the team back like a shop until it declares further.
    const team = await post({ complete: [{ team: "ID-beauty", through: "2026-11-21" }] });
    expect(team.body.complete).toEqual([{ team: "ID-beauty", through: "2026-11-21", days: 1 }]);
    expect(await feedDays("ID-beauty", null)).toEqual(["2026-11-21 complete", "2026-11-22 data"]);
    expect(await through("ID-beauty")).toBe("21 Nov");
    await post({ complete: [{ team: "ID-beauty", through: "2026-11-22" }] });
    expect(await through("ID-beauty")).toBe("22 Nov");
  });

  it("takes ?complete_through= on CSV for every feed of the body", async () => {
    const csv = [
      "date,metric,shop,team,value",
      `2026-11-21,gmv_gross,${GIZMO_UK},,10`,
      `2026-11-22,gmv_gross,${GIZMO_UK},,12`,
      "2026-11-22,orders,,UK-gadgets,3",
    ].join("\n");
    const reply = await post(csv, { type: "text/csv", query: "?complete_through=2026-11-22" });
    expect(reply.status).toBe(200);
    expect(reply.body.complete).toEqual([
      { team: "UK-gadgets", shop: "GizmoHub UK", through: "2026-11-22", days: 1 },
      { team: "UK-gadgets", through: "2026-11-22", days: 1 },
    ]);
    expect(await feedDays("UK-gadgets", GIZMO_UK)).toEqual(["2026-11-21 data", "2026-11-22 complete"]);
    expect(await feedDays("UK-gadgets", null)).toEqual(["2026-11-22 complete"]);
    expect(await through("UK-gadgets")).toBe("22 Nov");
  });

  it("refuses a day not over, an unknown team or shop, another team's shop, a year before 2000, and writes nothing", async () => {
    const before = await counts();
    const refused = async (body: unknown, field: string, ...words: string[]) => {
      const reply = await post(body);
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(reply.body.error).toMatchObject({ code: "invalid_declaration", field });
      for (const word of words) expect(reply.body.error.message).toContain(word);
      expect(reply.body.error.message).toContain("nothing was written");
      return reply.body.error.message as string;
    };
    const glowFact = { date: "2026-11-22", metric: "orders", shop: GLOW, value: "1" };

    // Today (23 Nov) is not over in Jakarta: the message says so and offers the day that is.
    await refused(
      { facts: [glowFact], complete: [{ team: "ID-beauty", shop: GLOW, through: "2026-11-23" }] },
      "complete[0].through",
      "not over yet in Asia/Jakarta",
      "2026-11-23 10:00",
      `{"team":"ID-beauty","shop":"${GLOW}","through":"2026-11-22"}`,
    );
    await refused(
      {
        complete: [
          { team: "ID-beauty", through: "2026-11-22" },
          { team: "XX-nobody", through: "2026-11-22" },
        ],
      },
      "complete[1].team",
      "no team “XX-nobody”",
      "ID-beauty",
    );
    await refused(
      { complete: [{ team: "ID-beauty", shop: "No Such Shop", through: "2026-11-22" }] },
      "complete[0].shop",
    );
    await refused(
      { complete: [{ team: "ID-beauty", shop: GIZMO_UK, through: "2026-11-22" }] },
      "complete[0].shop",
      "GizmoHub UK is a shop of UK-gadgets, not of ID-beauty",
    );
    await refused(
      { complete: [{ team: "ID-beauty", through: "1999-12-31" }] },
      "complete[0].through",
      "between 2000 and 2100",
      '{"complete": [{"team": "ID-beauty"',
    );
    await refused({ complete: [{ team: "ID-beauty", through: "2026-02-30" }] }, "complete[0].through");
    await refused({ complete: [{ team: "ID-beauty" }] }, "complete[0].through", "through is required");
    await refused({ complete: [{ team: "ID-beauty", through: "2026-11-22", day: "x" }] }, "complete[0]");
    await refused(
      {
        complete: [
          { team: "ID-beauty", through: "2026-11-21" },
          { team: "id-beauty", through: "2026-11-22" },
        ],
      },
      "complete[1]",
      "same feed as complete[0]",
    );
    await refused(
      { complete: Array.from({ length: 501 }, () => ({ team: "ID-beauty", through: "2026-11-22" })) },
      "complete",
      "at most 500",
    );

    // A bad fact refuses the declaration with it.
    const badFact = await post({
      facts: [{ ...glowFact, metric: "roi" }],
      complete: [{ team: "ID-beauty", shop: GLOW, through: "2026-11-22" }],
    });
    expect(badFact.status).toBe(400);
    expect(badFact.body.error.code).toBe("invalid_row");

    // CSV: a day not over for one feed of the body; and the parameter is for CSV only.
    const csv = `date,metric,shop,value\n2026-11-22,orders,${GLOW},1`;
    const notOver = await post(csv, { type: "text/csv", query: "?complete_through=2026-11-23" });
    expect(notOver.status).toBe(400);
    expect(notOver.body.error).toMatchObject({ code: "invalid_declaration", field: "complete_through" });
    expect(notOver.body.error.message).toContain("?complete_through=2026-11-22");
    const badDay = await post(csv, { type: "text/csv", query: "?complete_through=1999-01-01" });
    expect(badDay.body.error).toMatchObject({ code: "invalid_declaration", field: "complete_through" });
    const json = await post({ facts: [glowFact] }, { query: "?complete_through=2026-11-22" });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toContain('"complete"');
    const headerOnly = await post("date,metric,shop,value\n", {
      type: "text/csv",
      query: "?complete_through=2026-11-22",
    });
    expect(headerOnly.status).toBe(400);
    expect(headerOnly.body.error.message).toContain("complete_through applies to no feed");

    expect(await counts()).toEqual(before);
  });

  it("refuses a day that is over in the team's zone but not in the shop's", async () => {
    // 20:00 on 22 Nov in London is 03:00 on 23 Nov in Jakarta: 22 Nov is over for ID-beauty, not for UK-gadgets.
    clock.now = FIXED_NOW.minus({ hours: 7 });
    const before = await counts();
    const uk = await post({ complete: [{ team: "UK-gadgets", shop: "GizmoHub UK", through: "2026-11-22" }] });
    expect(uk.status).toBe(400);
    expect(uk.body.error.message).toContain("not over yet in Europe/London (it is 2026-11-22 20:00 there)");
    expect(uk.body.error.message).toContain('"through":"2026-11-21"');
    expect(await counts()).toEqual(before);
    const id = await post({ complete: [{ team: "ID-beauty", shop: "GlowLab Beauty Mart", through: "2026-11-22" }] });
    expect(id.status).toBe(200);
  });

  it("explains declarations in /ingest help, in English and Chinese", async () => {
    // "/ingest" alone explains the API; "/ingest help" lists the command's usage.
    const en = (await say("ava", "/ingest"))[0]?.text ?? "";
    expect(en).toContain('"complete": [{"team": "ID-beauty", "shop": "<id or name>", "through": "2026-12-02"}]');
    expect(en).toContain("?complete_through=2026-12-02");
    expect((await say("mei", "/ingest"))[0]?.text).toContain("声明某天数据已完整");
    const usage = (await say("ava", "/ingest help"))[0]?.text ?? "";
    expect(usage).toContain('Days complete: {"complete": [{"team": "ID-beauty"');
    expect((await say("mei", "/ingest help"))[0]?.text).toContain("声明数据完整：");
  });

  it("answers a replay from the stored answer and writes no day again; another day under the key is a 409", async () => {
    const body = {
      facts: [{ date: "2026-11-22", metric: "orders", team: "TH-home", value: "7" }],
      complete: [{ team: "TH-home", through: "2026-11-22" }],
    };
    const first = await post(body, { key: "declare-1" });
    expect(first.status).toBe(200);
    expect(first.body.complete).toEqual([{ team: "TH-home", through: "2026-11-22", days: 1 }]);
    // If the replay wrote, this row would come back (and be complete again).
    await prisma().sourceDay.deleteMany({ where: { teamId: await teamId("TH-home") } });
    const again = await post(body, { key: "declare-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await feedDays("TH-home", null)).toEqual([]);

    // CSV: the query is part of the request, so the same body with another day is another request.
    const csv = "date,metric,team,value\n2026-11-21,orders,TH-home,3";
    const csvFirst = await post(csv, { type: "text/csv", key: "declare-2", query: "?complete_through=2026-11-21" });
    expect(csvFirst.status).toBe(200);
    const csvAgain = await post(csv, { type: "text/csv", key: "declare-2", query: "?complete_through=2026-11-21" });
    expect(csvAgain.headers.get("idempotent-replay")).toBe("true");
    const other = await post(csv, { type: "text/csv", key: "declare-2", query: "?complete_through=2026-11-22" });
    expect(other.status).toBe(409);
    expect(await feedDays("TH-home", null)).toEqual(["2026-11-21 complete"]);
  });
});
