// Which days are complete: the rules that turn what a source delivered into "through <last complete day>" and
// "<shop>: no data since <day>". Pure: no I/O, dates as ISO strings, the clock passed in.

import { DateTime } from "luxon";
import { pushTo } from "../domain/collections.js";

/** Feeds read back this far: a month of weekdays for the usual arrival time, and a shop gone quiet for weeks. */
export const LOOKBACK_DAYS = 35;
/**
 * A shop that delivered something in the last fortnight "usually reports" and holds its team's figures back while it
 * is behind. One silent for longer has stopped (closed, disconnected): its alert has been raised, and the team's
 * figures move on without it instead of freezing for good.
 */
export const USUAL_DAYS = 14;

/** Sources that say which days are whole: an export file's span, a sync's window, the ingest API, the demo. */
export type FeedSource = "export" | "api" | "ingest" | "demo";

/** One stored day of one feed (a SourceDay row). */
export interface FeedDay {
  teamId: string;
  /** null for a team-level feed. */
  shopId: string | null;
  source: FeedSource;
  date: string;
  complete: boolean;
  firstSeenAt: Date;
}

export interface ShopInfo {
  id: string;
  teamId: string;
  name: string;
  timezone: string;
}

export interface FeedStatus {
  shopId: string | null;
  shopName: string | null;
  source: FeedSource;
  /** Last day with any data from this feed. */
  lastDataDay: string | null;
  /** Last day the feed declared complete; null when it never declared one. */
  completeThrough: string | null;
  /** Median hours after a day's end at which its data arrived, over the last USUAL_DAYS days (null: unknown). */
  usualLagHours: number | null;
}

export interface ShopBehind {
  shopId: string;
  shopName: string;
  /** The shop's last complete day (null: none yet). */
  lastCompleteDay: string | null;
  /** The first day that is not in. */
  missingSince: string;
  /** Whole days not in, through yesterday. */
  days: number;
  usualLagHours: number | null;
}

export interface TeamFreshness {
  teamId: string;
  /** The team's local today and yesterday. */
  today: string;
  yesterday: string;
  /** The last day on which every shop that usually reports is complete; at most yesterday (today is never over). */
  completeThrough: string;
  /** Shops that usually report and are not complete through yesterday, longest gap first. */
  behind: ShopBehind[];
  feeds: FeedStatus[];
}

const dayAfter = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).plus({ days: 1 }).toISODate() as string;
const dayBefore = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).minus({ days: 1 }).toISODate() as string;
const daysFrom = (from: string, to: string) =>
  Math.round(DateTime.fromISO(to, { zone: "utc" }).diff(DateTime.fromISO(from, { zone: "utc" }), "days").days);
const maxOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** How many hours after the end of its (shop-local) day each day's data first arrived. */
function lagHours(days: FeedDay[], zone: string): number | null {
  const lags = days.map(
    (d) => (d.firstSeenAt.getTime() - DateTime.fromISO(d.date, { zone }).plus({ days: 1 }).toMillis()) / 3_600_000,
  );
  return median(lags.filter((h) => Number.isFinite(h)));
}

/**
 * The freshness of one team from its feeds' days (only days since today − LOOKBACK_DAYS matter), at `now`.
 * A shop is complete on a day when any of its sources declared that day whole (an export and the API carry the
 * same orders). A feed that never declares (ingest rows without a declaration) counts each day complete once it
 * is over, like chat logs: holding a team back for a sender that cannot declare would freeze it forever.
 */
export function teamFreshness(
  team: { id: string; timezone: string },
  shops: ShopInfo[],
  days: FeedDay[],
  now: DateTime,
): TeamFreshness {
  const local = now.setZone(team.timezone);
  const today = local.toISODate() as string;
  const yesterday = local.minus({ days: 1 }).toISODate() as string;
  const usualFrom = local.minus({ days: USUAL_DAYS }).toISODate() as string;
  const shopById = new Map(shops.map((s) => [s.id, s]));

  const byFeed = new Map<string, FeedDay[]>();
  for (const d of days) {
    if (d.teamId !== team.id) continue;
    const key = `${d.shopId ?? ""}|${d.source}`;
    pushTo(byFeed, key, d);
  }
  const feeds: FeedStatus[] = [];
  const shopState = new Map<string, { complete: string | null; firstData: string | null; lastData: string | null }>();
  const teamLevel: string[] = [];
  for (const feedDays of byFeed.values()) {
    const first = feedDays[0] as FeedDay;
    const shop = first.shopId ? shopById.get(first.shopId) : undefined;
    if (first.shopId && !shop) continue;
    const dates = feedDays.map((d) => d.date).sort();
    const completeDates = feedDays
      .filter((d) => d.complete)
      .map((d) => d.date)
      .sort();
    const firstData = dates[0] ?? null;
    const lastData = dates.at(-1) ?? null;
    const complete = completeDates.at(-1) ?? null;
    const recent = feedDays.filter((d) => d.date >= usualFrom && d.date <= yesterday);
    feeds.push({
      shopId: shop?.id ?? null,
      shopName: shop?.name ?? null,
      source: first.source,
      lastDataDay: lastData,
      completeThrough: complete,
      usualLagHours: lagHours(recent, shop?.timezone ?? team.timezone),
    });
    if (shop) {
      // Ingest rows for a shop that never declared a day complete count each day complete once it is over: they
      // neither hold the shop back nor say anything about its other sources.
      if (first.source === "ingest" && complete === null) continue;
      const state = shopState.get(shop.id) ?? { complete: null, firstData: null, lastData: null };
      state.complete = maxOf(state.complete, complete);
      state.lastData = maxOf(state.lastData, lastData);
      state.firstData = state.firstData === null || (firstData ?? "") < state.firstData ? firstData : state.firstData;
      shopState.set(shop.id, state);
    } else if (complete !== null && lastData !== null && lastData >= usualFrom) {
      // A team-level feed that declares holds the team back like a shop; minimum over such feeds.
      teamLevel.push(complete);
    }
  }

  let completeThrough = yesterday;
  for (const day of teamLevel) if (day < completeThrough) completeThrough = day;
  const behind: ShopBehind[] = [];
  for (const [shopId, state] of shopState) {
    if (state.lastData === null || state.lastData < usualFrom) continue;
    // Data but no complete day yet: nothing of the shop is in before its first day.
    const shopComplete = state.complete ?? dayBefore(state.firstData ?? state.lastData);
    if (shopComplete >= yesterday) continue;
    if (shopComplete < completeThrough) completeThrough = shopComplete;
    const shop = shopById.get(shopId) as ShopInfo;
    // A shop west of its team cannot be whole through the team's yesterday before that day is over where the
    // shop is: its figures wait (the span above), but it is not late, and is not named as behind.
    const shopYesterday = lastDayEndedBy(now, shop.timezone);
    const due = shopYesterday < yesterday ? shopYesterday : yesterday;
    if (shopComplete >= due) continue;
    const missingSince = dayAfter(shopComplete);
    behind.push({
      shopId,
      shopName: shop.name,
      lastCompleteDay: state.complete,
      missingSince,
      days: daysFrom(missingSince, due) + 1,
      usualLagHours: median(
        feeds.filter((f) => f.shopId === shopId && f.usualLagHours !== null).map((f) => f.usualLagHours as number),
      ),
    });
  }
  behind.sort((a, b) => b.days - a.days || a.shopName.localeCompare(b.shopName));
  return { teamId: team.id, today, yesterday, completeThrough, behind, feeds };
}

/**
 * The days an order export proves complete. Orders on a later day than D mean the export ran past D's end, so every
 * day of the file's span before its last day is whole, days without an order included (a quiet Sunday is a zero,
 * not a gap). The last day itself is only whole when the file reaches into the day's last hour and the day was
 * over when the file was imported: an export taken at 10:00 and imported the next morning stays partial.
 */
export function exportCompleteDays(
  span: { firstDay: string; lastDay: string; latestLocalTime: string } | null,
  importedAt: DateTime,
  shopZone: string,
): string[] {
  if (!span) return [];
  const days: string[] = [];
  for (let d = span.firstDay; d < span.lastDay; d = dayAfter(d)) days.push(d);
  const lastDayOver =
    importedAt.setZone(shopZone) >= DateTime.fromISO(span.lastDay, { zone: shopZone }).plus({ days: 1 });
  const reachesLastHour = span.latestLocalTime.slice(11, 13) >= "23";
  if (lastDayOver && reachesLastHour) days.push(span.lastDay);
  return days;
}

/** The last shop-local day that had ended at `instant` (a sync that covered up to `instant` proves it whole). */
export function lastDayEndedBy(instant: DateTime, shopZone: string): string {
  return instant.setZone(shopZone).startOf("day").minus({ days: 1 }).toISODate() as string;
}

/** Every ISO date from `from` through `to`, inclusive (empty when from > to). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = dayAfter(d)) out.push(d);
  return out;
}

export { dayAfter, dayBefore, daysFrom };
