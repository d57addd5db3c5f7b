// Every figure recomputed independently (issue #15, point 6): Seller Center exports for four shops in three markets
// and currencies (one shop two days behind, one file imported late, one sent twice, one ending mid-day, a line in
// euros) go through the real import service; members log from chat; then every figure of /kpi team, /kpi @member,
// /kpi board, /kpi compare markets, the morning digest and the weekly report is checked, in the view and in the
// rendered reply, against SQL of our own over the raw order lines, logs and FX rates (test/support/recompute).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDay, formatDays } from "../../src/domain/day-format.js";
import { getMetric, type MetricDefinition } from "../../src/domain/metrics.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile, TeamProfile } from "../../src/members/types.js";
import { command, startTestApp, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { FigureCheck, shown, trendWords, weeklyChange } from "../support/recompute/figures.js";
import { datesFrom, derived, Oracle, paceOf, type Sums } from "../support/recompute/oracle.js";
import {
  foreignOrder,
  type GeneratedLine,
  generateLines,
  linesOf,
  type ShopPlan,
  writeExport,
} from "../support/recompute/orders.js";
import {
  createWorld,
  dayBefore,
  expectedThrough,
  FILES,
  FOREIGN,
  IMPORTED_AT,
  LOGGERS,
  logPlan,
  MORNING,
  namedShops,
  PEOPLE,
  SHOPS,
  shopComplete,
  TEAMS,
  type TeamPlan,
  tiersFor,
  type World,
} from "../support/recompute/world.js";

const MONTH = { start: "2026-11-01", end: "2026-11-30" };
const LAST_WEEK = { start: "2026-11-09", end: "2026-11-15" };
/** Teams with a monthly GMV target (the UK team has none: its figures go without pace). */
const TARGETED = ["ID-beauty", "TH-home"];

const dayAfter = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).plus({ days: 1 }).toISODate() as string;
const plusDays = (iso: string, n: number) =>
  DateTime.fromISO(iso, { zone: "utc" }).plus({ days: n }).toISODate() as string;
const daysIn = (from: string, to: string) =>
  Math.round(DateTime.fromISO(to, { zone: "utc" }).diff(DateTime.fromISO(from, { zone: "utc" }), "days").days) + 1;
const metric = (key: string) => getMetric(key) as MetricDefinition;
const todayOf = (team: TeamPlan) => MORNING.setZone(team.timezone).toISODate() as string;

describe.each(DATABASE_KINDS)("every figure recomputed from the raw order lines on %s", (kind) => {
  const clock = testClock(IMPORTED_AT);
  const check = new FigureCheck();
  const generated = new Map<string, GeneratedLine[]>();
  let app: Starling;
  let world: World;
  let oracle: Oracle;
  let dir: string;
  let targets: Map<string, { name: string; value: Decimal }[]>;
  const memberIds = new Map<string, string>();

  const teamId = (slug: string) => world.teamIds.get(slug) as string;
  const profile = async (handle: string) =>
    (await app.services.members.findByHandle(world.workspaceId, handle)) as MemberProfile;
  const through = (team: TeamPlan) => expectedThrough(team.slug, dayBefore(todayOf(team)));
  /** Boards and comparisons across every team: the earliest last complete day. */
  const commonThrough = () => TEAMS.map(through).sort()[0] as string;

  beforeAll(async () => {
    app = await startTestApp(kind, { demo: false, clock });
    world = await createWorld(app);

    // What people log from chat, each at its own moment (the team's local day decides where it counts).
    for (const plan of logPlan()) {
      clock.now = plan.at.toUTC();
      await command(app, plan.handle, plan.text);
      if (plan.undo) await command(app, plan.handle, "/log undo");
    }

    dir = await mkdtemp(join(tmpdir(), "starling-recompute-"));
    for (const [i, shop] of SHOPS.entries()) {
      const lines = generateLines(shop, i + 1);
      if (shop.key === FOREIGN.shop) lines.push(foreignOrder(i + 1, FOREIGN.day, FOREIGN.currency));
      generated.set(shop.key, lines);
    }
    clock.now = IMPORTED_AT;
    let previous = "";
    for (const file of FILES) {
      const shop = SHOPS.find((s) => s.key === file.shop) as ShopPlan;
      const all = generated.get(shop.key) as GeneratedLine[];
      const path = file.again ? previous : await writeExport(dir, file, shop, all);
      const summary = await app.services.imports.importFile({
        workspaceId: world.workspaceId,
        path,
        fileName: file.name,
        shop: shop.name,
      });
      if (file.again) {
        expect(summary.duplicateOf, `${file.name} is the file before, sent again`).not.toBeNull();
        expect(summary.imported).toBe(0);
      } else {
        expect(summary.skips, file.name).toEqual([]);
        expect(summary.missingRates, file.name).toEqual([]);
        expect(summary.imported, file.name).toBe(linesOf(file, all).length);
      }
      previous = path;
    }

    for (const p of PEOPLE) memberIds.set(p.handle, (await profile(p.handle)).id);
    oracle = await Oracle.load(
      app.db.prisma,
      TEAMS.map((t) => ({ id: teamId(t.slug), slug: t.slug, currency: t.currency, market: t.market })),
    );

    // Monthly GMV targets: a base already passed, a stretch and a challenge still ahead.
    targets = new Map();
    for (const slug of TARGETED) {
      const team = TEAMS.find((t) => t.slug === slug) as TeamPlan;
      const tiers = tiersFor(oracle.orders(teamId(slug), MONTH.start, through(team)).gmv_gross);
      await app.db.prisma.target.create({
        data: {
          workspaceId: world.workspaceId,
          teamId: teamId(slug),
          scopeType: "team",
          scopeId: teamId(slug),
          metricKey: "gmv_gross",
          periodKind: "month",
          periodStart: new Date(`${MONTH.start}T00:00:00Z`),
          currency: team.currency,
          tiers: { create: tiers },
        },
      });
      targets.set(
        slug,
        tiers.map((t) => ({ name: t.name, value: new Decimal(t.value) })),
      );
    }
    clock.now = MORNING;
  }, 240_000);

  afterAll(async () => {
    console.log(`recompute: ${check.count} figures checked (${kind})`);
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("stores exactly the lines the exports hold: read back in their final state, each once", async () => {
    const rows = await app.db.prisma.$queryRawUnsafe<
      { shop: string; order_id: string; sku_id: string; status: string; subtotal: string; day: string; cur: string }[]
    >(`SELECT s.name AS shop, l."orderId" AS order_id, l."skuId" AS sku_id, l.status::text AS status,
              l.subtotal::text AS subtotal, l."localDate"::text AS day, l.currency AS cur
       FROM "OrderLine" l JOIN "Shop" s ON s.id = l."shopId"`);
    const stored = new Map(rows.map((r) => [`${r.shop}|${r.order_id}|${r.sku_id}`, r]));
    let expected = 0;
    for (const shop of SHOPS) {
      const inFiles = new Map<string, GeneratedLine>();
      for (const file of FILES.filter((f) => f.shop === shop.key))
        for (const line of linesOf(file, generated.get(shop.key) as GeneratedLine[]))
          inFiles.set(`${shop.name}|${line.orderId}|${line.skuId}`, line as GeneratedLine);
      expected += inFiles.size;
      for (const [key, line] of inFiles) {
        const row = stored.get(key);
        expect(row, key).toBeDefined();
        // The final state: the later export's status, the amount to the last digit, the shop-local day, the currency.
        const finalLine = (generated.get(shop.key) as GeneratedLine[]).find(
          (l) => l.orderId === line.orderId && l.skuId === line.skuId,
        ) as GeneratedLine;
        expect([row?.status, new Decimal(row?.subtotal ?? "NaN").toFixed(), row?.day, row?.cur], key).toEqual([
          finalLine.status,
          new Decimal(finalLine.subtotal).toFixed(),
          finalLine.day,
          finalLine.currency ?? TEAMS.find((t) => t.slug === shop.teamSlug)?.currency,
        ]);
      }
    }
    expect(rows.length).toBe(expected);
    // The data has what the figures must get right: cancelled and unpaid orders, returns with refunds, orders of
    // several SKUs, creators and channels, every market's status words and date shapes (checked line by line above).
    const all = [...generated.values()].flat();
    const orders = new Map<string, number>();
    for (const l of all) orders.set(l.orderId, (orders.get(l.orderId) ?? 0) + 1);
    expect(all.filter((l) => l.status === "cancelled").length).toBeGreaterThan(20);
    expect(all.filter((l) => l.status === "unpaid").length).toBeGreaterThan(20);
    expect(all.filter((l) => (l.returned ?? 0) > 0 && l.refund).length).toBeGreaterThan(20);
    expect([...orders.values()].filter((n) => n > 1).length).toBeGreaterThan(100);
    expect(new Set(all.map((l) => l.creator).filter(Boolean)).size).toBe(4);
    expect(new Set(all.map((l) => l.channel ?? "")).size).toBe(5);
    const logs = await app.db.prisma.contentLog.count({ where: { workspaceId: world.workspaceId } });
    expect(logs).toBe(logPlan().length);
  });

  it("/kpi team: every line over the complete days, the same days of last month, so far, the behind shop, pace", async () => {
    const mei = await profile("mei");
    for (const team of TEAMS) {
      const id = teamId(team.slug);
      const today = todayOf(team);
      const yesterday = dayBefore(today);
      const last = through(team);
      const label = (what: string) => `${team.slug} ${what}`;
      const report = await app.services.kpi.teamReport(mei, team.slug);
      check.same(label("through"), report.through, last);
      check.same(label("currency"), report.currency, team.currency);
      check.same(label("not in yet"), report.span.notInYet, { from: dayAfter(last), to: today });
      const behind = namedShops(team.slug, yesterday);
      check.same(
        label("behind shops"),
        report.span.behind.map((b) => [b.shopName, b.lastCompleteDay, b.missingSince]),
        behind.map((s) => [s.name, shopComplete(s), dayAfter(shopComplete(s))]),
      );

      // The previous window: the same days of October (1 Oct to the same day of the month).
      const prev = { from: "2026-10-01", to: `2026-10-${last.slice(8)}` };
      const now = derived(oracle.team(id, MONTH.start, last));
      const before = derived(oracle.team(id, prev.from, prev.to));
      const soFar = derived(oracle.team(id, dayAfter(last), today));
      const expectedKeys = ["gmv_gross", "gmv_net", "orders", "aov", "return_rate"];
      if (!(now.videos_posted as Decimal).isZero() || !(soFar.videos_posted as Decimal).isZero())
        expectedKeys.push("videos_posted");
      check.same(
        label("lines"),
        report.lines.map((l) => l.def.key),
        expectedKeys,
      );

      const reply = (await command(app, "mei", `/kpi team ${team.slug}`)).messages[0]?.text ?? "";
      check.shows(label("through, in words"), reply, `through ${formatDay(last, "en")}`);
      check.shows(label("not in yet, in words"), reply, `Not in yet: ${formatDays(dayAfter(last), today, "en")}.`);
      for (const shop of SHOPS.filter((s) => s.teamSlug === team.slug && !behind.includes(s)))
        check.same(label(`${shop.name} not named`), reply.includes(`${shop.name}:`), false);
      for (const shop of behind)
        check.shows(
          label("behind, in words"),
          reply,
          `${shop.name}: no data since ${formatDay(shopComplete(shop), "en")}`,
        );

      for (const line of report.lines) {
        const def = line.def;
        const key = def.key;
        const value = now[key] ?? null;
        const previous = before[key] ?? null;
        check.byUnit(label(key), def.unit, line.value, value);
        check.byUnit(label(`${key} previous`), def.unit, line.previous, previous);
        if (value !== null)
          check.shows(label(`${key} in words`), reply, `${def.nameEn}: ${shown(value, def.unit, team.currency)}`);
        const trend = trendWords(value, previous, def.direction === "higher_better");
        if (trend) check.shows(label(`${key} trend`), reply, trend);
        // "So far" is only for totals: half a day's AOV says nothing.
        const partial = def.aggregation === "sum" ? (soFar[key] ?? null) : null;
        if (partial !== null && !partial.isZero()) {
          check.byUnit(label(`${key} so far`), def.unit, line.soFar, partial);
          check.shows(
            label(`${key} so far, in words`),
            reply,
            `so far ${formatDays(dayAfter(last), today, "en")}: +${shown(partial, def.unit, team.currency)}`,
          );
        } else check.same(label(`${key} has no so far`), line.soFar, undefined);
      }

      const tiers = targets.get(team.slug);
      const gmvLine = report.lines.find((l) => l.def.key === "gmv_gross");
      if (tiers && gmvLine?.target) {
        // History for the weekday pattern: the 28 days before the month, as the app reads it.
        const daily = oracle.teamDailyGmv(id, plusDays(MONTH.start, -28), last);
        const pace = paceOf(tiers, now.gmv_gross as Decimal, MONTH, last, daily);
        const evaluation = gmvLine.target.evaluation;
        check.ratio(label("attainment"), new Decimal(evaluation.attainment), pace.attainment);
        for (const [i, p] of pace.needed.entries()) {
          const actual = evaluation.pace[i]?.neededPerDay ?? null;
          if (p.perDay === null) check.same(label(`${p.tier} needs`), actual, null);
          else check.money(label(`${p.tier} needs per day`), actual, p.perDay);
        }
        check.money(label("projection"), evaluation.projectedWeekdayAdjusted, pace.projected);
        const next = pace.needed.find((p) => p.tier === evaluation.nextTier?.name);
        if (next?.perDay)
          check.shows(label("needs, in words"), reply, `needs ${shown(next.perDay, "money", team.currency)}/day`);
        check.shows(label("projection, in words"), reply, `projected ${shown(pace.projected, "money", team.currency)}`);
      } else {
        check.same(label("has a target"), Boolean(gmvLine?.target), Boolean(tiers));
      }

      // The line in euros: its day had no EUR (nor GBP) rate, so it was converted at the nearest earlier ones.
      const foreign = SHOPS.find((s) => s.key === FOREIGN.shop)?.teamSlug === team.slug && FOREIGN.day <= last;
      const fallbacks = foreign
        ? [{ date: FOREIGN.day as string, rateDate: oracle.fx.rateDay(FOREIGN.currency, FOREIGN.day) as string }]
        : [];
      check.same(label("FX fallbacks"), report.fxFallbacks, fallbacks);
      for (const f of fallbacks)
        check.shows(
          label("FX fallback, in words"),
          reply,
          `No FX rate for ${f.date}: converted at the rate of ${f.rateDate}.`,
        );

      // Top members by GMV: what each one logged over the same complete days.
      for (const top of report.topMembers ?? []) {
        check.money(
          label(`top @${top.member.handle}`),
          top.value,
          oracle.member(top.member.id, MONTH.start, last).gmv_gross,
        );
      }
    }
  });

  it("/kpi @member: what each member logged, through the team's last complete day, and today's logs so far", async () => {
    for (const handle of LOGGERS) {
      const person = PEOPLE.find((p) => p.handle === handle);
      const team = TEAMS.find((t) => t.slug === person?.teamSlug) as TeamPlan;
      const me = await profile(handle);
      const last = through(team);
      const today = todayOf(team);
      const report = await app.services.kpi.memberReport(me, null);
      const label = (what: string) => `@${handle} ${what}`;
      check.same(label("through"), report.through, last);
      const now = oracle.member(me.id, MONTH.start, last);
      const before = oracle.member(me.id, "2026-10-01", `2026-10-${last.slice(8)}`);
      const soFar = oracle.member(me.id, dayAfter(last), today);
      const keys = (["gmv_gross", "videos_posted", "live_sessions", "live_minutes"] as const).filter(
        (k) => !now[k].isZero() || !soFar[k].isZero(),
      );
      check.same(
        label("lines"),
        report.lines.map((l) => l.def.key),
        keys,
      );
      const reply = (await command(app, handle, "/kpi")).messages[0]?.text ?? "";
      check.shows(label("through, in words"), reply, `through ${formatDay(last, "en")}`);
      for (const line of report.lines) {
        const key = line.def.key as keyof Sums;
        const value = now[key].isZero() ? null : now[key];
        check.byUnit(label(key), line.def.unit, line.value, value);
        check.byUnit(label(`${key} previous`), line.def.unit, line.previous, before[key].isZero() ? null : before[key]);
        if (value)
          check.shows(
            label(`${key} in words`),
            reply,
            `${line.def.nameEn}: ${shown(value, line.def.unit, team.currency)}`,
          );
        if (!soFar[key].isZero()) {
          check.byUnit(label(`${key} so far`), line.def.unit, line.soFar, soFar[key]);
          check.shows(
            label(`${key} so far, in words`),
            reply,
            `so far ${formatDays(dayAfter(last), today, "en")}: +${shown(soFar[key], line.def.unit, team.currency)}`,
          );
        } else check.same(label(`${key} has no so far`), line.soFar, undefined);
      }
    }
  });

  it("/kpi board gmv: a lead's team in its currency, the manager's workspace in USD, over the common complete days", async () => {
    const cases = [
      { viewer: "lina", teams: ["ID-beauty"], currency: "IDR" },
      { viewer: "mei", teams: TEAMS.map((t) => t.slug), currency: "USD" },
    ];
    for (const c of cases) {
      const viewer = await profile(c.viewer);
      const inScope = TEAMS.filter((t) => c.teams.includes(t.slug));
      const last = inScope.map(through).sort()[0] as string;
      const board = await app.services.kpi.board(viewer, "gmv");
      const label = (what: string) => `board for @${c.viewer} ${what}`;
      check.same(label("through"), board.through, last);
      check.same(label("currency"), board.currency, c.currency);
      const expected = LOGGERS.map((handle) => {
        const person = PEOPLE.find((p) => p.handle === handle);
        const team = TEAMS.find((t) => t.slug === person?.teamSlug) as TeamPlan;
        return { handle, team, person };
      })
        .filter((x) => c.teams.includes(x.team.slug))
        .map((x) => ({ ...x, id: "" }));
      for (const x of expected) x.id = (await profile(x.handle)).id;
      const values = expected
        .map((x) => ({ ...x, value: oracle.memberGmvIn(x.id, c.currency, MONTH.start, last) }))
        .filter((x) => !x.value.isZero())
        .sort((a, b) => b.value.comparedTo(a.value));
      check.same(
        label("ranking"),
        board.rows.map((r) => r.member.handle),
        values.map((v) => v.handle),
      );
      const reply = (await command(app, c.viewer, "/kpi board gmv")).messages[0]?.text ?? "";
      check.shows(label("through, in words"), reply, `through ${formatDay(last, "en")}`);
      for (const [i, v] of values.entries()) {
        check.money(label(`@${v.handle}`), board.rows[i]?.value, v.value);
        check.shows(
          label(`@${v.handle} in words`),
          reply,
          `@${v.handle} (${v.team.slug}): ${shown(v.value, "money", c.currency)}`,
        );
      }
      // Days converted at an earlier day's rate: those where a ranked member sold and the team's currency had none.
      const fallbacks = new Map<string, string>();
      if (c.currency === "USD")
        for (const v of values)
          for (const [date, sums] of oracle.memberLogs.get(v.id) ?? []) {
            const used = oracle.fx.rateDay(v.team.currency, date);
            if (date >= MONTH.start && date <= last && !sums.gmv_gross?.isZero() && used !== date)
              fallbacks.set(date, used as string);
          }
      check.same(label("FX fallbacks"), sortedPairs(board.fxFallbacks), sortedPairs(fallbacks));
      for (const shop of inScope.flatMap((t) => namedShops(t.slug, dayBefore(todayOf(t)))))
        check.shows(
          label("behind"),
          reply,
          `${shop.name} (${shop.teamSlug}): no data since ${formatDay(shopComplete(shop), "en")}`,
        );
    }
  });

  it("/kpi compare markets gmv: each market in USD, each day at its own rate, over the common complete days", async () => {
    const mei = await profile("mei");
    const last = commonThrough();
    const comparison = await app.services.kpi.compareMarkets(mei, "gmv");
    check.same("compare through", comparison.through, last);
    check.same("compare currency", comparison.currency, "USD");
    const expected = TEAMS.map((t) => ({
      team: t,
      value: oracle.teamGmvIn(teamId(t.slug), "USD", MONTH.start, last),
    })).sort((a, b) => b.value.comparedTo(a.value));
    check.same(
      "compare order",
      comparison.rows.map((r) => r.market),
      expected.map((e) => e.team.market),
    );
    const reply = (await command(app, "mei", "/kpi compare markets gmv")).messages[0]?.text ?? "";
    check.shows("compare through, in words", reply, `through ${formatDay(last, "en")}`);
    for (const [i, e] of expected.entries()) {
      check.money(`compare ${e.team.market}`, comparison.rows[i]?.value, e.value);
      check.shows(
        `compare ${e.team.market} in words`,
        reply,
        `${e.team.market} (${e.team.slug}): ${shown(e.value, "money", "USD")}`,
      );
    }
    // Every team sells every day: each day without a rate of its currency names the earlier day used.
    const fallbacks = new Map<string, string>();
    for (const team of TEAMS)
      for (const date of datesFrom(MONTH.start, last)) {
        const used = oracle.fx.rateDay(team.currency, date);
        if (used !== date) fallbacks.set(date, used as string);
      }
    expect(fallbacks.size, "the FX plan leaves days without rates in the month").toBeGreaterThan(2);
    check.same("compare FX fallbacks", sortedPairs(comparison.fxFallbacks), sortedPairs(fallbacks));
    for (const f of comparison.fxFallbacks.slice(0, 3))
      check.shows(
        "compare FX fallback, in words",
        reply,
        `No FX rate for ${f.date}: converted at the rate of ${f.rateDate}.`,
      );
    for (const shop of TEAMS.flatMap((t) => namedShops(t.slug, dayBefore(todayOf(t)))))
      check.shows(
        "compare behind",
        reply,
        `${shop.name} (${shop.teamSlug}): no data since ${formatDay(shopComplete(shop), "en")}`,
      );
  });

  it("the morning digest: yesterday or not in yet, month to date through the last complete day, pace per tier", async () => {
    const teams = await app.services.members.listTeams(world.workspaceId);
    const digests = await app.services.digest.collect(teams, MORNING);
    const mei = await profile("mei");
    const text = (await app.services.digest.buildDigests([mei], MORNING)).get(mei.id)?.text ?? "";
    for (const team of TEAMS) {
      const id = teamId(team.slug);
      const d = digests.get(id);
      const label = (what: string) => `digest ${team.slug} ${what}`;
      const yesterday = dayBefore(todayOf(team));
      const last = through(team);
      const yesterdayIn = yesterday <= last;
      check.same(label("through"), d?.through, last);
      const mtd = oracle.orders(id, MONTH.start, last).gmv_gross;
      check.money(label("month to date"), d?.mtdGmv, mtd);
      check.money(label("cumulative at through"), d?.cumulative.at(-1)?.value, mtd);
      check.same(label("cumulative ends at through"), d?.cumulative.at(-1)?.date, last);
      if (yesterdayIn)
        check.money(label("yesterday"), d?.yesterdayGmv, oracle.orders(id, yesterday, yesterday).gmv_gross);
      else check.same(label("yesterday not in yet"), d?.yesterdayGmv, null);
      const section = sectionOf(text, team.name);
      check.shows(label("month to date, in words"), section, `month to date ${shown(mtd, "money", team.currency)}`);
      if (yesterdayIn)
        check.shows(
          label("yesterday, in words"),
          section,
          `yesterday ${shown(oracle.orders(id, yesterday, yesterday).gmv_gross, "money", team.currency)}`,
        );
      else {
        check.shows(label("yesterday not in yet, in words"), section, "not in yet");
        // Movers only when yesterday is complete: a day not in is nobody's bad day.
        check.same(label("no movers"), /on their usual/i.test(section), false);
      }
      const tiers = targets.get(team.slug);
      if (tiers) {
        const pace = paceOf(tiers, mtd, MONTH, last, oracle.teamDailyGmv(id, MONTH.start, last));
        for (const [i, p] of pace.needed.entries()) {
          const actual = d?.evaluation?.pace[i]?.neededPerDay ?? null;
          if (p.perDay === null) check.same(label(`${p.tier} needs`), actual, null);
          else {
            check.money(label(`${p.tier} needs per day`), actual, p.perDay);
            if (!p.perDay.isZero())
              check.shows(
                label(`${p.tier} needs, in words`),
                section,
                `needs ${shown(p.perDay, "money", team.currency)}/day`,
              );
          }
        }
        check.money(label("projection"), d?.evaluation?.projectedWeekdayAdjusted, pace.projected);
      }
      if (!yesterdayIn) {
        check.shows(label("through, in words"), section, `Month to date through ${formatDay(last, "en")}`);
        for (const shop of namedShops(team.slug, yesterday))
          check.shows(
            label("behind, in words"),
            section,
            `${shop.name}: no data since ${formatDay(shopComplete(shop), "en")}`,
          );
      }
      for (const line of d?.members ?? []) {
        const who = label(`@${line.member.handle}`);
        const mtdOf = oracle.member(line.member.id, MONTH.start, last).gmv_gross;
        const yesterdayOf = oracle.member(line.member.id, yesterday, yesterday).gmv_gross;
        check.money(`${who} month to date`, line.mtd, mtdOf);
        if (yesterdayIn) check.money(`${who} yesterday`, line.yesterday, yesterdayOf);
        else check.same(`${who} yesterday not in yet`, line.yesterday, null);
        if (mtdOf.isZero() && (!yesterdayIn || yesterdayOf.isZero())) continue;
        const day = yesterdayIn ? shown(yesterdayOf, "money", team.currency) : "not in yet";
        check.shows(
          `${who} in words`,
          section,
          `@${line.member.handle}: yesterday ${day} · MTD ${shown(mtdOf, "money", team.currency)}`,
        );
      }
    }
  });

  it("the weekly report: last week through its last complete day, against as many days of the week before", async () => {
    const teams = await app.services.members.listTeams(world.workspaceId);
    for (const team of TEAMS) {
      const profileOf = teams.find((t) => t.slug === team.slug) as TeamProfile;
      const text = (await app.services.weekly.build(profileOf, MORNING)).text;
      const last = [LAST_WEEK.end, through(team)].sort()[0] as string;
      const days = daysIn(LAST_WEEK.start, last);
      const before = { from: plusDays(LAST_WEEK.start, -7), to: plusDays(LAST_WEEK.start, -7 + days - 1) };
      const now = oracle.team(teamId(team.slug), LAST_WEEK.start, last);
      const then = oracle.team(teamId(team.slug), before.from, before.to);
      for (const key of ["gmv_gross", "orders", "videos_posted", "live_sessions"] as const) {
        const def = metric(key);
        check.shows(
          `weekly ${team.slug} ${key}`,
          text,
          `${def.nameEn}: ${shown(now[key], def.unit, team.currency)} (${weeklyChange(now[key], then[key])} vs the week before)`,
        );
      }
      // Against the month's base tier, prorated to the days of the week that are in (30 days in November).
      const base = targets.get(team.slug)?.[0]?.value;
      if (base) {
        const prorated = base.mul(days).div(30);
        check.shows(
          `weekly ${team.slug} against target`,
          text,
          `(${shown(prorated, "money", team.currency)}): ${now.gmv_gross.div(prorated).mul(100).toFixed(0)}%`,
        );
      } else check.shows(`weekly ${team.slug} no target`, text, "No GMV target for this month");
      // The members' boards of the week: what each logged over the same days, best first, five at most.
      for (const [key, title] of [
        ["gmv_gross", "GMV (gross) by member"],
        ["videos_posted", "Videos posted by member"],
      ] as const) {
        const ranked = PEOPLE.filter((p) => p.teamSlug === team.slug && LOGGERS.includes(p.handle))
          .map((p) => ({
            handle: p.handle,
            value: oracle.member(memberIds.get(p.handle) as string, LAST_WEEK.start, last)[key],
          }))
          .filter((r) => !r.value.isZero())
          .sort((a, b) => b.value.comparedTo(a.value))
          .slice(0, 5);
        const board = ranked.map((r, i) => `${i + 1}. @${r.handle} ${shown(r.value, metric(key).unit, team.currency)}`);
        check.shows(`weekly ${team.slug} ${key} board`, text, `${title}: ${board.join("\n") || "–"}`);
      }
    }
  });

  // Last: it logs once more. A tail with no shop facts must not take the team's GMV from its members' logs: the
  // period's source (the shops) decides the tail's too (rollUpTeam's orgSource), so a host's LIVE logged this
  // morning is not the UK team's "GMV so far".
  it("/kpi team: GMV so far is the order lines', not a host's logged GMV of a day without orders", async () => {
    clock.now = MORNING.setZone("Europe/London").set({ hour: 0, minute: 40 }).toUTC();
    await command(app, "olly", "/log live 2h gmv 120.50");
    clock.now = MORNING;
    const uk = TEAMS.find((t) => t.slug === "UK-gadgets") as TeamPlan;
    const last = through(uk);
    const soFar = oracle.orders(teamId(uk.slug), dayAfter(last), todayOf(uk));
    expect(soFar.gmv_gross.isZero(), "no UK order line after the last complete day").toBe(true);
    const report = await app.services.kpi.teamReport(await profile("mei"), uk.slug);
    const gmv = report.lines.find((l) => l.def.key === "gmv_gross");
    expect(gmv?.soFar, "UK GMV so far").toBeUndefined();
    const reply = (await command(app, "mei", `/kpi team ${uk.slug}`)).messages[0]?.text ?? "";
    expect(reply).not.toContain(
      `so far ${formatDay(todayOf(uk), "en")}: +${shown(new Decimal("120.5"), "money", "GBP")}`,
    );
  });
});

/** FX fallbacks as sorted [date, rate day] pairs, from a view's list or the oracle's map. */
function sortedPairs(list: { date: string; rateDate: string }[] | Map<string, string>): [string, string][] {
  const pairs: [string, string][] =
    list instanceof Map ? [...list] : list.map((f): [string, string] => [f.date, f.rateDate]);
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** One team's part of the digest: from its "📍 <team>" line to the next divider's team. */
function sectionOf(text: string, teamName: string): string {
  const start = text.indexOf(`📍 ${teamName}`);
  if (start < 0) return "";
  const next = text.indexOf("📍 ", start + 2);
  return text.slice(start, next < 0 ? undefined : next);
}
