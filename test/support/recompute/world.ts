// The recomputation test's world: one workspace reporting in USD, three market teams (Indonesia in IDR with two
// shops, Thailand in THB, the UK in GBP), their people, six weeks of FX rates with gaps, the export files each shop
// hands in (one behind, one imported late, one re-imported, one ending mid-day) and what members log from chat.
// Rows are created through Prisma with the demo seed's shapes; orders only ever arrive through the import service.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { createRng } from "../../../src/demo/random.js";
import type { Starling } from "../../../src/main.js";
import type { ExportFile, ShopPlan } from "./orders.js";

export const WORKSPACE = "Recompute Co";
/** Tuesday 17 Nov 2026, 08:00 in Jakarta (07:00 in Bangkok, 01:00 in London): the morning the figures are read. */
export const MORNING = DateTime.fromISO("2026-11-17T01:00:00Z", { zone: "utc" });
/** The exports are handed in shortly before: every file's last day has ended in every zone. */
export const IMPORTED_AT = DateTime.fromISO("2026-11-17T00:20:00Z", { zone: "utc" });
export const FIRST_DAY = "2026-10-01";

export interface TeamPlan {
  slug: string;
  name: string;
  market: string;
  timezone: string;
  currency: string;
}

export const TEAMS: readonly TeamPlan[] = [
  { slug: "ID-beauty", name: "Indonesia Beauty", market: "ID", timezone: "Asia/Jakarta", currency: "IDR" },
  { slug: "TH-home", name: "Thailand Home", market: "TH", timezone: "Asia/Bangkok", currency: "THB" },
  { slug: "UK-gadgets", name: "UK Gadgets", market: "GB", timezone: "Europe/London", currency: "GBP" },
];

export interface PersonPlan {
  handle: string;
  role: "member" | "lead" | "manager";
  teamSlug: string | null;
  timezone: string;
}

export const PEOPLE: readonly PersonPlan[] = [
  { handle: "mei", role: "manager", teamSlug: null, timezone: "Asia/Jakarta" },
  { handle: "lina", role: "lead", teamSlug: "ID-beauty", timezone: "Asia/Jakarta" },
  { handle: "sari", role: "member", teamSlug: "ID-beauty", timezone: "Asia/Jakarta" },
  { handle: "dewi", role: "member", teamSlug: "ID-beauty", timezone: "Asia/Jakarta" },
  { handle: "ploy", role: "lead", teamSlug: "TH-home", timezone: "Asia/Bangkok" },
  { handle: "niran", role: "member", teamSlug: "TH-home", timezone: "Asia/Bangkok" },
  { handle: "olly", role: "member", teamSlug: "UK-gadgets", timezone: "Europe/London" },
];

/** The people who log output from chat (the manager and the Thai lead only read). */
export const LOGGERS = ["lina", "sari", "dewi", "niran", "olly"];

export const SHOPS: readonly ShopPlan[] = [
  {
    key: "jakarta",
    name: "Glow Jakarta",
    externalId: "7494000000000000001",
    teamSlug: "ID-beauty",
    currency: "IDR",
    firstDay: FIRST_DAY,
    lastDay: "2026-11-16",
    prices: ["45000", "89000", "125000", "19900", "250000", "64500"],
    shipping: "9000",
    table: { moneyPrefix: "Rp", grouped: true },
  },
  {
    // Indonesian UI: localised headers and statuses. Its last export stops on 14 Nov: two days behind.
    key: "surabaya",
    name: "Glow Surabaya",
    externalId: "7494000000000000002",
    teamSlug: "ID-beauty",
    currency: "IDR",
    firstDay: FIRST_DAY,
    lastDay: "2026-11-14",
    prices: ["38000", "72000", "150000", "27500"],
    shipping: "12000",
    table: { headers: "id", statuses: "id" },
  },
  {
    // Thai statuses, and a Seller Center set to US English: "11/16/2026 3:05:09 PM".
    key: "bangkok",
    name: "Baan Home",
    externalId: "7494000000000000003",
    teamSlug: "TH-home",
    currency: "THB",
    firstDay: FIRST_DAY,
    lastDay: "2026-11-16",
    prices: ["199", "349.5", "1290", "89.25", "560"],
    shipping: "40",
    table: { statuses: "th", dates: "MDY", moneyPrefix: "฿" },
  },
  {
    key: "london",
    name: "Gizmo London",
    externalId: "7494000000000000004",
    teamSlug: "UK-gadgets",
    currency: "GBP",
    firstDay: FIRST_DAY,
    lastDay: "2026-11-16",
    prices: ["12.99", "24.5", "79", "5.49", "149.95"],
    shipping: "3.99",
    table: { moneyPrefix: "£" },
  },
  {
    // Closed after 25 Oct: silent for more than 14 days, it no longer holds the UK team back, and is named nowhere.
    key: "outlet",
    name: "Gizmo Outlet",
    externalId: "7494000000000000005",
    teamSlug: "UK-gadgets",
    currency: "GBP",
    firstDay: FIRST_DAY,
    lastDay: "2026-10-25",
    prices: ["9.99", "14.5", "39"],
    shipping: "2.49",
    table: { moneyPrefix: "GBP " },
  },
];

/** The London order in euros: on a day without a EUR rate, so the nearest earlier rate converts it. */
export const FOREIGN = { shop: "london", day: "2026-11-05", currency: "EUR" } as const;

/** The files, in the order they are imported. `again`: the bytes of the file before, sent once more. */
export const FILES: readonly (ExportFile & { again?: boolean })[] = [
  {
    name: "glow-jakarta-oct.xlsx",
    shop: "jakarta",
    from: FIRST_DAY,
    to: "2026-10-25",
    format: "xlsx",
    olderCopyOn: "2026-10-25",
  },
  // Overlaps the first by a day (25 Oct): its newer copies of those lines (paid since) replace the older ones.
  { name: "glow-jakarta-nov.csv", shop: "jakarta", from: "2026-10-25", to: "2026-11-16", format: "csv" },
  // The same file again, as a seller who is not sure it went through: counted once.
  {
    name: "glow-jakarta-nov (1).csv",
    shop: "jakarta",
    from: "2026-10-25",
    to: "2026-11-16",
    format: "csv",
    again: true,
  },
  // Late: November arrives before October.
  { name: "glow-surabaya-nov.csv", shop: "surabaya", from: "2026-11-01", to: "2026-11-14", format: "csv" },
  { name: "glow-surabaya-oct.csv", shop: "surabaya", from: FIRST_DAY, to: "2026-10-31", format: "csv" },
  { name: "baan-home-oct.csv", shop: "bangkok", from: FIRST_DAY, to: "2026-10-31", format: "csv" },
  // Taken at 15:00 on 16 Nov: that day is not complete.
  {
    name: "baan-home-nov.csv",
    shop: "bangkok",
    from: "2026-11-01",
    to: "2026-11-16",
    until: "15:00:00",
    format: "csv",
  },
  { name: "gizmo-london.csv", shop: "london", from: FIRST_DAY, to: "2026-11-16", format: "csv" },
  { name: "gizmo-outlet.xlsx", shop: "outlet", from: FIRST_DAY, to: "2026-10-25", format: "xlsx" },
];

/** A shop's last complete day by the file plan: its last file's last day, or the day before when cut short. */
export function shopComplete(shop: ShopPlan): string {
  const last = FILES.filter((f) => f.shop === shop.key)
    .sort((a, b) => (a.to < b.to ? -1 : 1))
    .at(-1);
  if (!last) throw new Error(`no file for ${shop.key}`);
  return last.until ? dayBefore(last.to) : last.to;
}

/** A shop that delivered a day in the 14 days before `today` usually reports: it holds its team back while late. */
export function reportsUsually(shop: ShopPlan, today: string): boolean {
  const since = DateTime.fromISO(today, { zone: "utc" }).minus({ days: 14 }).toISODate() as string;
  return shop.lastDay >= since;
}

/** The shops of a team that usually report and are not complete through yesterday: the ones a reply names. */
export function behindShops(teamSlug: string, yesterday: string): ShopPlan[] {
  const today = DateTime.fromISO(yesterday, { zone: "utc" }).plus({ days: 1 }).toISODate() as string;
  return SHOPS.filter((s) => s.teamSlug === teamSlug && reportsUsually(s, today) && shopComplete(s) < yesterday);
}

/**
 * The behind shops a reply names: those past their usual arrival. In this world every file is imported at once, so no
 * shop has a routine arrival yet and the default grace applies (12 h + 1 h after the missing day ends): at the 08:00
 * morning a shop missing only yesterday is not overdue (its day is just "not in yet"); one missing since earlier is.
 */
export function namedShops(teamSlug: string, yesterday: string): ShopPlan[] {
  return behindShops(teamSlug, yesterday).filter((s) => dayAfter(shopComplete(s)) < yesterday);
}

const dayAfter = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).plus({ days: 1 }).toISODate() as string;

/**
 * The last complete day of each team by the brief's rules, worked out from the file plan (not from the app): the
 * earliest last complete day of its shops that usually report, and never past yesterday.
 */
export function expectedThrough(teamSlug: string, yesterday: string): string {
  let through = yesterday;
  for (const shop of behindShops(teamSlug, yesterday)) if (shopComplete(shop) < through) through = shopComplete(shop);
  return through;
}

export const dayBefore = (iso: string) =>
  DateTime.fromISO(iso, { zone: "utc" }).minus({ days: 1 }).toISODate() as string;

/** Daily USD rates from 20 Sep, a gentle walk per currency, with the days listed here left out (fallbacks). */
const FX_BASE: Record<string, number> = { IDR: 0.000063, THB: 0.029, GBP: 1.27, EUR: 1.08 };
export const FX_GAPS: Record<string, string[]> = {
  IDR: ["2026-11-03", "2026-11-04", "2026-10-11"],
  THB: ["2026-11-08"],
  GBP: ["2026-10-12", "2026-11-05"],
  EUR: ["2026-11-04", "2026-11-05"],
};

export function fxRows(): { currency: string; date: string; usdRate: string }[] {
  const rows: { currency: string; date: string; usdRate: string }[] = [];
  for (const [currency, base] of Object.entries(FX_BASE)) {
    const rng = createRng(`recompute:fx:${currency}`);
    let drift = 0;
    for (let d = DateTime.fromISO("2026-09-20", { zone: "utc" }); d <= MORNING; d = d.plus({ days: 1 })) {
      drift = 0.8 * drift + rng.between(-0.004, 0.004);
      const date = d.toISODate() as string;
      if (FX_GAPS[currency]?.includes(date)) continue;
      rows.push({
        currency,
        date,
        usdRate: new Decimal(base)
          .times(1 + drift)
          .toSignificantDigits(8)
          .toFixed(),
      });
    }
  }
  return rows;
}

export interface World {
  workspaceId: string;
  teamIds: Map<string, string>;
}

/** The workspace, teams, people, shops and FX rates, as the demo seed writes them. */
export async function createWorld(app: Starling): Promise<World> {
  const prisma = app.db.prisma;
  const workspace = await prisma.workspace.create({ data: { name: WORKSPACE, reportingCurrency: "USD" } });
  const teamIds = new Map<string, string>();
  for (const team of TEAMS) {
    const row = await prisma.team.create({
      data: {
        workspaceId: workspace.id,
        slug: team.slug,
        name: team.name,
        market: team.market,
        timezone: team.timezone,
        currency: team.currency,
        locale: "en",
        workingDays: [1, 2, 3, 4, 5],
      },
    });
    teamIds.set(team.slug, row.id);
  }
  for (const p of PEOPLE) {
    await prisma.member.create({
      data: {
        workspaceId: workspace.id,
        teamId: p.teamSlug ? (teamIds.get(p.teamSlug) as string) : null,
        handle: p.handle,
        displayName: p.handle[0]?.toUpperCase() + p.handle.slice(1),
        email: `${p.handle}@recompute.test`,
        role: p.role,
        timezone: p.timezone,
        language: "en",
      },
    });
  }
  for (const shop of SHOPS) {
    const team = TEAMS.find((t) => t.slug === shop.teamSlug) as TeamPlan;
    await prisma.shop.create({
      data: {
        workspaceId: workspace.id,
        teamId: teamIds.get(team.slug) as string,
        externalId: shop.externalId,
        name: shop.name,
        market: team.market,
        currency: team.currency,
        timezone: team.timezone,
      },
    });
  }
  await prisma.fxRate.createMany({
    data: fxRows().map((r) => ({ currency: r.currency, date: new Date(`${r.date}T00:00:00Z`), usdRate: r.usdRate })),
  });
  return { workspaceId: workspace.id, teamIds };
}

export interface LogPlan {
  handle: string;
  /** Team-local instant of the log. */
  at: DateTime;
  text: string;
  /** "/log undo" right after it. */
  undo?: boolean;
}

/**
 * What people log from chat: on about two days in three, a LIVE with its GMV (sometimes in USD, converted at the
 * day's rate) or videos; late in the evening on some days (still the team's local day); today's logs before the
 * morning's reading; one log taken back with /log undo.
 */
export function logPlan(): LogPlan[] {
  const plans: LogPlan[] = [];
  for (const handle of LOGGERS) {
    const person = PEOPLE.find((p) => p.handle === handle) as PersonPlan;
    const team = TEAMS.find((t) => t.slug === person.teamSlug) as TeamPlan;
    const rng = createRng(`recompute:logs:${handle}`);
    const today = MORNING.setZone(team.timezone).toISODate() as string;
    for (let d = FIRST_DAY; d <= today; d = DateTime.fromISO(d).plus({ days: 1 }).toISODate() as string) {
      if (!rng.chance(0.65)) continue;
      const local = DateTime.fromISO(d, { zone: team.timezone });
      // Today: before the morning's reading (00:30 in London, 06:30 in Asia).
      const at =
        d === today
          ? local.set({ hour: team.timezone === "Europe/London" ? 0 : 6, minute: 30 })
          : local.set({ hour: rng.chance(0.2) ? 23 : 13, minute: rng.int(0, 59) });
      let text: string;
      if (rng.chance(0.55)) {
        const hours = rng.int(1, 3);
        const usd = rng.chance(0.15);
        const amount = usd
          ? (rng.int(2000, 30000) / 100).toFixed(2)
          : team.currency === "IDR"
            ? String(rng.int(200, 4000) * 1000)
            : (rng.int(5000, 90000) / 100).toFixed(2);
        text = `/log live ${hours}h gmv ${amount}${usd ? " usd" : ""}`;
      } else {
        text = `/log video ${rng.int(1, 4)}`;
      }
      plans.push({ handle, at, text, ...(handle === "sari" && d === "2026-11-10" && { undo: true }) });
    }
  }
  return plans.sort((a, b) => a.at.toMillis() - b.at.toMillis());
}

/** Monthly GMV targets of a team: a base it has passed, a stretch and a challenge it has not (from the oracle's MTD). */
export function tiersFor(mtd: Decimal): { rank: number; name: string; value: string }[] {
  return [
    { rank: 1, name: "base", value: mtd.mul(0.9).toDecimalPlaces(0).toFixed() },
    { rank: 2, name: "stretch", value: mtd.mul(2.2).toDecimalPlaces(0).toFixed() },
    { rank: 3, name: "challenge", value: mtd.mul(3.1).toDecimalPlaces(0).toFixed() },
  ];
}
