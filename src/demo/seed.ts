// Loads the "Starling Demo" workspace: 3 market teams, 12 people, 6 shops, ~20 creators, 90 days of facts ending
// yesterday in each team's own zone, with three planted incidents (incidents.ts), one shop a day behind on purpose
// and a SourceDay row per shop day that is in (freshness.ts), FX rates, targets and alert rules. Deterministic for
// a given instant (seeded PRNG, no Math.random, the clock passed in), idempotent (does nothing when the workspace
// exists) and atomic (one transaction). Metric definitions must already be synced: facts and targets reference them.
import { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import { creatorTimeline } from "./creators.js";
import { seedAlertRules, seedContentLogs, type Tx } from "./extras.js";
import { type FactContext, type FactRow, generateFacts } from "./facts.js";
import {
  DEMO_CREATORS,
  DEMO_MEMBERS,
  DEMO_SHOPS,
  DEMO_SOCIAL_ACCOUNTS,
  DEMO_TEAMS,
  DEMO_WORKSPACE_NAME,
  type DemoTeam,
} from "./fixtures.js";
import { demoBehindDays, demoSourceDays } from "./freshness.js";
import { DEMO_DAYS, dbDate, demoDays, demoFxRates, parseToday, rateLookup } from "./fx.js";
import { demoTargets } from "./targets.js";

export { DEMO_WORKSPACE_NAME } from "./fixtures.js";
export { DEMO_BEHIND } from "./freshness.js";
export { DEMO_MISSING_FX } from "./fx.js";
export { DEMO_INCIDENTS, type DemoIncident, incidentDaysAgo } from "./incidents.js";

const FACT_BATCH = 5_000;
// Arbitrary constant: replicas starting together on an empty database take turns, so only one seeds.
const SEED_LOCK_KEY = 4_713_202_612;

const STANDUP_QUESTIONS = [
  { textEn: "What did you ship yesterday?", textZh: "昨天完成了什么？" },
  { textEn: "What will you do today?", textZh: "今天计划做什么？" },
  { textEn: "Anything blocking you?", textZh: "有什么阻碍吗？" },
];

/** Team holidays, in days from today (negative = past, inside the seeded window). */
const HOLIDAYS: Partial<Record<DemoTeam["slug"], { inDays: number; name: string }>> = {
  "ID-beauty": { inDays: -25, name: "Team offsite" },
  "TH-home": { inDays: 10, name: "Staff training day" },
};

/**
 * When the demo is seeded for: an instant, at which each team's today is its own local date (Jakarta's 3 December
 * morning is still 2 December in London), or one date that is every team's today.
 */
export type DemoWhen = { now: DateTime } | { today: string };

interface DemoCalendar {
  /** The instant the demo's data arrived by (null: a bare date, no instant). */
  now: DateTime | null;
  todayOf(zone: string): string;
  /** The earliest and latest of the teams' todays. */
  earliest: string;
  latest: string;
}

function calendarOf(when: DemoWhen): DemoCalendar {
  const now = "now" in when ? when.now : null;
  const fixed = "today" in when ? when.today : null;
  if (now !== null && !now.isValid) throw new Error("seedDemoData: an invalid instant");
  const todayOf = (zone: string) => fixed ?? (now?.setZone(zone).toISODate() as string);
  for (const team of DEMO_TEAMS) parseToday(todayOf(team.timezone), team.timezone); // fail fast on a bad date
  const todays = DEMO_TEAMS.map((t) => todayOf(t.timezone)).sort();
  return { now, todayOf, earliest: todays[0] as string, latest: todays.at(-1) as string };
}

/** Whether the demo is loaded already (seeding would then do nothing): checked before starting a seed process. */
export async function demoDataPresent(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.workspace.findFirst({ where: { name: DEMO_WORKSPACE_NAME }, select: { id: true } })) !== null;
}

export async function seedDemoData(
  prisma: PrismaClient,
  options: DemoWhen,
): Promise<{ seeded: boolean; facts: number }> {
  const calendar = calendarOf(options); // fails fast on a malformed date, before opening a transaction
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(`SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})) AS locked`);
      const existing = await tx.workspace.findFirst({ where: { name: DEMO_WORKSPACE_NAME }, select: { id: true } });
      if (existing !== null) return { seeded: false, facts: 0 };
      return { seeded: true, facts: await seedInto(tx, calendar) };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function seedInto(tx: Tx, calendar: DemoCalendar): Promise<number> {
  const { earliest, latest } = calendar;
  // Rows that exist "since before the data starts": a fixed instant, so the same clock gives the same rows.
  const setUpAt = parseToday(earliest, "UTC")
    .minus({ days: DEMO_DAYS + 1 })
    .toJSDate();
  const workspace = await tx.workspace.create({
    data: { name: DEMO_WORKSPACE_NAME, reportingCurrency: "USD", defaultLocale: "en", createdAt: setUpAt },
  });
  const workspaceId = workspace.id;

  const teams: FactContext["teams"][number][] = [];
  for (const def of DEMO_TEAMS) {
    const team = await tx.team.create({
      data: {
        workspaceId,
        slug: def.slug,
        name: def.name,
        market: def.market,
        timezone: def.timezone,
        currency: def.currency,
        locale: def.locale,
        workingDays: def.workingDays,
        alertChannelId: `demo-alerts-${def.channel}`,
        standupChannelId: `demo-standup-${def.channel}`,
        digestChannelId: `demo-digest-${def.channel}`,
        createdAt: setUpAt,
      },
    });
    const today = calendar.todayOf(def.timezone);
    const holiday = HOLIDAYS[def.slug];
    const holidays = new Set<string>();
    if (holiday !== undefined) {
      const date = parseToday(today, def.timezone).plus({ days: holiday.inDays }).toISODate() as string;
      holidays.add(date);
      await tx.teamHoliday.create({ data: { teamId: team.id, date: dbDate(date), name: holiday.name } });
    }
    await tx.standupQuestion.createMany({
      data: STANDUP_QUESTIONS.map((q, i) => ({ teamId: team.id, position: i + 1, ...q })),
    });
    teams.push({ def, id: team.id, holidays, today });
  }
  const teamOf = (slug: string | null) => teams.find((t) => t.def.slug === slug);

  const members: FactContext["members"][number][] = [];
  for (const def of DEMO_MEMBERS) {
    const member = await tx.member.create({
      data: {
        workspaceId,
        teamId: teamOf(def.teamSlug)?.id ?? null,
        handle: def.handle,
        displayName: def.displayName,
        email: `${def.handle}@demo.starling.dev`,
        role: def.role,
        timezone: def.timezone ?? null,
        language: def.language,
        createdAt: setUpAt,
      },
    });
    members.push({ def, id: member.id });
  }
  const memberId = (handle: string) => {
    const member = members.find((m) => m.def.handle === handle);
    if (member === undefined) throw new Error(`seedDemoData: unknown demo member ${handle}`);
    return member.id;
  };

  const shops: FactContext["shops"][number][] = [];
  for (const def of DEMO_SHOPS) {
    const team = teamOf(def.teamSlug) as (typeof teams)[number];
    const shop = await tx.shop.create({
      data: {
        workspaceId,
        teamId: team.id,
        externalId: def.externalId,
        name: def.name,
        market: team.def.market,
        currency: team.def.currency,
        timezone: team.def.timezone,
        createdAt: setUpAt,
      },
    });
    shops.push({ def, id: shop.id });
  }

  await tx.socialAccount.createMany({
    data: DEMO_SOCIAL_ACCOUNTS.map((a) => ({
      workspaceId,
      memberId: a.memberHandle === null ? null : memberId(a.memberHandle),
      platform: a.platform,
      handle: a.handle,
      followers: a.followers,
      createdAt: setUpAt,
    })),
  });

  // FX rates are global, not per workspace: keep rows someone already has, then convert with what is stored.
  // Through the latest team's yesterday, from the earliest team's first day.
  const spread = DateTime.fromISO(latest, { zone: "utc" }).diff(
    DateTime.fromISO(earliest, { zone: "utc" }),
    "days",
  ).days;
  const fxRows = demoFxRates(latest, DEMO_DAYS + Math.round(spread));
  await tx.fxRate.createMany({
    data: fxRows.map((r) => ({ currency: r.currency, date: dbDate(r.date), usdRate: r.usdRate })),
    skipDuplicates: true,
  });
  const stored = await tx.fxRate.findMany({
    where: { date: { gte: dbDate(fxRows[0]?.date ?? earliest), lte: dbDate(latest) } },
  });
  const lookups = new Map<string, ReturnType<typeof rateLookup>>();
  const usdRate: FactContext["usdRate"] = (currency, date) => {
    let lookup = lookups.get(currency);
    if (lookup === undefined) {
      const rows = stored
        .filter((r) => r.currency === currency)
        .map((r) => ({ date: r.date.toISOString().slice(0, 10), usdRate: r.usdRate.toString() }));
      lookup = rateLookup(rows);
      lookups.set(currency, lookup);
    }
    return lookup(date);
  };

  const creators: FactContext["creators"][number][] = [];
  for (const def of DEMO_CREATORS) {
    const team = teamOf(def.teamSlug) as (typeof teams)[number];
    const timeline = creatorTimeline(def, team.def, team.today);
    const ownerId = memberId(def.ownerHandle);
    const creator = await tx.creator.create({
      data: {
        workspaceId,
        teamId: team.id,
        platform: "tiktok",
        handle: timeline.handle,
        displayHandle: def.displayHandle,
        market: team.def.market,
        followers: def.followers,
        category: def.category,
        ownerId,
        stage: def.stage,
        tier: def.tier ?? null,
        stageChangedAt: timeline.stageChangedAt,
        nextFollowUpAt: timeline.nextFollowUpAt,
        createdAt: timeline.createdAt,
      },
    });
    await tx.creatorStageChange.createMany({
      data: timeline.changes.map((c) => ({ creatorId: creator.id, changedById: ownerId, ...c })),
    });
    if (timeline.contacts.length > 0) {
      await tx.creatorContact.createMany({
        data: timeline.contacts.map((c) => ({ creatorId: creator.id, memberId: ownerId, ...c })),
      });
    }
    creators.push({ def, id: creator.id, salesFrom: timeline.salesFrom, salesUntil: timeline.salesUntil });
  }

  const behindDays = demoBehindDays(calendar.now);
  const { rows, stats } = generateFacts({ workspaceId, behindDays, teams, shops, members, creators, usdRate });
  for (let i = 0; i < rows.length; i += FACT_BATCH) {
    await insertFacts(tx, rows.slice(i, i + FACT_BATCH));
  }
  // What each shop's feed delivered: every seeded shop day complete, as a nightly sync would have it.
  for (const shop of shops) {
    const team = teamOf(shop.def.teamSlug) as (typeof teams)[number];
    const days = demoDays(team.today, team.def.timezone);
    await tx.sourceDay.createMany({
      data: demoSourceDays({
        workspaceId,
        teamId: team.id,
        shop,
        zone: team.def.timezone,
        days,
        now: calendar.now,
        behindDays,
      }),
    });
  }

  for (const spec of demoTargets({ teams, members, stats, managerHandle: "mei" })) {
    const { tiers, createdByHandle, periodStart, ...target } = spec;
    await tx.target.create({
      data: {
        workspaceId,
        ...target,
        periodStart: dbDate(periodStart),
        createdById: memberId(createdByHandle),
        tiers: { create: tiers },
      },
    });
  }

  await seedAlertRules(tx, { workspaceId, teams, members, setUpAt });
  await seedContentLogs(tx, { workspaceId, teams, memberId, creators });
  return rows.length;
}

/**
 * One INSERT per batch from a JSON array: about 7× faster than createMany on PGlite (which binds 15 parameters
 * per row), and the seed runs on every first start, so it decides how soon the playground is up.
 */
async function insertFacts(tx: Tx, rows: FactRow[]): Promise<void> {
  const json = JSON.stringify(
    rows.map((r) => ({
      ...r,
      date: r.date.toISOString().slice(0, 10),
      fxRateDate: r.fxRateDate ? r.fxRateDate.toISOString().slice(0, 10) : null,
    })),
  );
  await tx.$executeRaw`
    INSERT INTO "Fact" ("workspaceId", "teamId", date, "metricKey", "scopeType", "scopeId", "memberId", "shopId",
      "creatorId", "contentType", traffic, value, "originalCurrency", "originalAmount", "fxRateDate", source)
    SELECT r."workspaceId", r."teamId", r.date, r."metricKey", r."scopeType"::"ScopeType", r."scopeId", r."memberId",
      r."shopId", r."creatorId", r."contentType"::"ContentType", r.traffic::"TrafficSource", r.value::numeric,
      r."originalCurrency", r."originalAmount"::numeric, r."fxRateDate", r.source
    FROM json_to_recordset(${json}::json) AS r("workspaceId" text, "teamId" text, date date, "metricKey" text,
      "scopeType" text, "scopeId" text, "memberId" text, "shopId" text, "creatorId" text, "contentType" text,
      traffic text, value text, "originalCurrency" text, "originalAmount" text, "fxRateDate" date, source text)`;
}
