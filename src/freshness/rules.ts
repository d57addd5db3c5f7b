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
  /** When the day was declared whole (null: not yet, or before it was recorded). */
  completedAt?: Date | null;
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

/**
 * A shop is missing once its usual arrival time has passed: the median hours after a day's end at which its data
 * came in over the last fortnight (ShopBehind.usualLagHours), plus an hour, because a sync that runs a few minutes
 * late or an export imported a little after the usual time is not an outage.
 */
const ARRIVAL_SLACK_HOURS = 1;
/**
 * When a shop's arrival time is unknown (no day of the last fortnight has a recorded arrival), half a day: the morning
 * of the next day is when exports are usually imported and the TikTok sync runs (07:30 shop time), so an unknown shop
 * is not paged at the 08:00 scan for a day that is merely not imported yet, and a day still missing by the afternoon
 * (or at the next morning's scan, a second day behind) is reported.
 */
export const DEFAULT_GRACE_HOURS = 12;

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
  /** Its usual arrival time has passed (gapIsReal): named in replies and alerted; otherwise only "not in yet". */
  overdue: boolean;
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

// Calendar arithmetic on ISO dates in plain UTC milliseconds: these run per feed and day on every reply that shows a
// figure, and a luxon DateTime per step cost a board of 50 teams tens of milliseconds.
const DAY_MS = 86_400_000;
const shiftDay = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const dayAfter = (iso: string) => shiftDay(iso, 1);
const dayBefore = (iso: string) => shiftDay(iso, -1);
const daysFrom = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const maxOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A day made whole more than three days after it ended was a catch-up (last month's files imported at once, a sync's
 * first run), not the feed's routine: it says nothing about when the next day will arrive.
 */
const MAX_ROUTINE_LAG_HOURS = 72;
/** Fewer routine days than this are no routine yet (one import of a week's file is one moment, not a habit). */
const MIN_ROUTINE_DAYS = 3;

/**
 * The instant a local day ends in a zone, remembered across calls: every team and feed of a zone asks for the same
 * few dates, and one luxon conversion with a zone costs tens of microseconds. Bounded: cleared when it gets large.
 */
const DAY_ENDS = new Map<string, number>();
const DAY_ENDS_MAX = 20_000;
function endOfDay(date: string, zone: string): number {
  const key = `${zone}|${date}`;
  let end = DAY_ENDS.get(key);
  if (end === undefined) {
    if (DAY_ENDS.size >= DAY_ENDS_MAX) DAY_ENDS.clear();
    end = DateTime.fromISO(date, { zone }).plus({ days: 1 }).toMillis();
    DAY_ENDS.set(key, end);
  }
  return end;
}

/** The median hours after the end of its (shop-local) day at which each day became whole (or came), routinely. */
function lagHours(days: RecentDay[], zone: string): number | null {
  // A feed that never declares (ingest rows) is timed by when its rows came.
  const sample = days.some((d) => d.complete) ? days.filter((d) => d.complete) : days;
  const lags = sample.map(
    // When the day became whole, not when its first rows came (arrivedAt): a morning export of a partial day would
    // otherwise read as data that "usually arrives" before the day is even over.
    (d) => (d.arrivedAt - endOfDay(d.date, zone)) / 3_600_000,
  );
  const routine = lags.filter((h) => Number.isFinite(h) && h <= MAX_ROUTINE_LAG_HOURS);
  return routine.length >= MIN_ROUTINE_DAYS ? median(routine) : null;
}

/**
 * One feed's days as the rules read them: its first, last and last complete day since today − LOOKBACK_DAYS, and
 * its recent days one by one. Older days only ever count as those three (their arrival times are too old to be
 * routine, and the unbroken run of complete days is looked for in the last USUAL_DAYS only), so the repository sums
 * them up in SQL and a board of 50 teams reads one row per feed.
 */
export interface FeedSummary {
  teamId: string;
  /** null for a team-level feed. */
  shopId: string | null;
  source: FeedSource;
  firstDay: string;
  lastDay: string;
  lastCompleteDay: string | null;
  /** At least the days since today − USUAL_DAYS (more may come: the rules filter), sorted by date. */
  recent: RecentDay[];
}

export interface RecentDay {
  date: string;
  complete: boolean;
  /** Epoch ms when the day was declared whole, or when its data first came if it never was (or before that was kept). */
  arrivedAt: number;
}

/** Stored days as per-feed summaries, every day kept as a recent one: what the repository's SQL returns, in JS. */
export function summarizeFeeds(days: FeedDay[]): FeedSummary[] {
  const byFeed = new Map<string, FeedDay[]>();
  for (const d of days) pushTo(byFeed, `${d.teamId}|${d.shopId ?? ""}|${d.source}`, d);
  return [...byFeed.values()].map((feedDays) => {
    const sorted = [...feedDays].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const first = sorted[0] as FeedDay;
    let lastComplete: string | null = null;
    for (const d of sorted) if (d.complete) lastComplete = d.date;
    return {
      teamId: first.teamId,
      shopId: first.shopId,
      source: first.source,
      firstDay: first.date,
      lastDay: (sorted.at(-1) as FeedDay).date,
      lastCompleteDay: lastComplete,
      recent: sorted.map((d) => ({
        date: d.date,
        complete: d.complete,
        arrivedAt: (d.completedAt ?? d.firstSeenAt).getTime(),
      })),
    };
  });
}

/**
 * A team's local today, yesterday and the first day of its usual window at `now`, remembered per zone and instant:
 * a board asks for 50 teams in a handful of zones, and each luxon step in a zone costs tens of microseconds.
 */
const LOCAL_DAYS = new Map<string, { today: string; yesterday: string; usualFrom: string }>();
const LOCAL_DAYS_MAX = 1_000;
export function localDays(now: DateTime, zone: string): { today: string; yesterday: string; usualFrom: string } {
  const key = `${zone}|${now.toMillis()}`;
  let days = LOCAL_DAYS.get(key);
  if (days === undefined) {
    if (LOCAL_DAYS.size >= LOCAL_DAYS_MAX) LOCAL_DAYS.clear();
    const local = now.setZone(zone);
    const today = local.toISODate() as string;
    days = { today, yesterday: dayBefore(today), usualFrom: shiftDay(today, -USUAL_DAYS) };
    LOCAL_DAYS.set(key, days);
  }
  return days;
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
  return freshnessOfFeeds(team, shops, summarizeFeeds(days.filter((d) => d.teamId === team.id)), now);
}

/** teamFreshness from the team's feeds summed up (FeedSummary): the same rules, on what the repository returns. */
export function freshnessOfFeeds(
  team: { id: string; timezone: string },
  shops: ShopInfo[],
  summaries: FeedSummary[],
  now: DateTime,
): TeamFreshness {
  const { today, yesterday, usualFrom } = localDays(now, team.timezone);
  const shopById = new Map(shops.map((s) => [s.id, s]));

  const feeds: FeedStatus[] = [];
  const shopState = new Map<
    string,
    { complete: string | null; firstData: string | null; lastData: string | null; days: Set<string> }
  >();
  const teamLevel: string[] = [];
  for (const feed of summaries) {
    if (feed.teamId !== team.id) continue;
    const shop = feed.shopId ? shopById.get(feed.shopId) : undefined;
    if (feed.shopId && !shop) continue;
    const firstData = feed.firstDay;
    const lastData = feed.lastDay;
    const complete = feed.lastCompleteDay;
    const recent = feed.recent.filter((d) => d.date >= usualFrom && d.date <= yesterday);
    feeds.push({
      shopId: shop?.id ?? null,
      shopName: shop?.name ?? null,
      source: feed.source,
      lastDataDay: lastData,
      completeThrough: complete,
      usualLagHours: lagHours(recent, shop?.timezone ?? team.timezone),
    });
    if (shop) {
      // Ingest rows for a shop that never declared a day complete count each day complete once it is over: they
      // neither hold the shop back nor say anything about its other sources.
      if (feed.source === "ingest" && complete === null) continue;
      const state = shopState.get(shop.id) ?? { complete: null, firstData: null, lastData: null, days: new Set() };
      state.complete = maxOf(state.complete, complete);
      for (const day of feed.recent) if (day.complete) state.days.add(day.date);
      if (complete !== null) state.days.add(complete);
      state.lastData = maxOf(state.lastData, lastData);
      state.firstData = state.firstData === null || firstData < state.firstData ? firstData : state.firstData;
      shopState.set(shop.id, state);
    } else if (complete !== null && lastData >= usualFrom) {
      // A team-level feed that declares holds the team back like a shop; minimum over such feeds.
      teamLevel.push(complete);
    }
  }

  let completeThrough = yesterday;
  for (const day of teamLevel) if (day < completeThrough) completeThrough = day;
  const behind: ShopBehind[] = [];
  for (const [shopId, state] of shopState) {
    if (state.lastData === null || state.lastData < usualFrom) continue;
    // The shop is whole through the end of its unbroken run of complete days in the last fortnight: a day in the
    // middle that no export, sync or declaration covered is missing, not a zero, and holds the span before it. (An
    // older hole is history: it no longer holds anything back.) Data but no complete day: nothing is in before its
    // first day.
    const shopComplete = unbrokenThrough(state, usualFrom);
    if (shopComplete >= yesterday) continue;
    if (shopComplete < completeThrough) completeThrough = shopComplete;
    const shop = shopById.get(shopId) as ShopInfo;
    // A shop west of its team cannot be whole through the team's yesterday before that day is over where the
    // shop is: its figures wait (the span above), but it is not late, and is not named as behind.
    const shopYesterday = lastDayEndedBy(now, shop.timezone);
    const due = shopYesterday < yesterday ? shopYesterday : yesterday;
    if (shopComplete >= due) continue;
    const missingSince = dayAfter(shopComplete);
    const usualLagHours = median(
      feeds.filter((f) => f.shopId === shopId && f.usualLagHours !== null).map((f) => f.usualLagHours as number),
    );
    behind.push({
      shopId,
      shopName: shop.name,
      lastCompleteDay: state.complete === null ? null : shopComplete,
      missingSince,
      days: daysFrom(missingSince, due) + 1,
      usualLagHours,
      overdue: gapIsReal({ missingSince, usualLagHours }, shop.timezone, now),
    });
  }
  behind.sort((a, b) => b.days - a.days || a.shopName.localeCompare(b.shopName));
  // Whatever order the rows came in: shops by name (the team's own feed first), then source.
  feeds.sort(
    (a, b) =>
      (a.shopName ?? "").localeCompare(b.shopName ?? "") ||
      (a.shopId ?? "").localeCompare(b.shopId ?? "") ||
      a.source.localeCompare(b.source),
  );
  return { teamId: team.id, today, yesterday, completeThrough, behind, feeds };
}

/** The last day of the run of complete days that starts at the shop's first day in the window (see above). */
function unbrokenThrough(
  state: { complete: string | null; firstData: string | null; lastData: string | null; days: Set<string> },
  windowStart: string,
): string {
  if (state.complete === null) return dayBefore(state.firstData ?? (state.lastData as string));
  let first: string | null = null;
  for (const d of [...state.days, state.firstData ?? state.complete]) {
    if (d >= windowStart && (first === null || d < first)) first = d;
  }
  let day = first ?? state.complete;
  // Bounded by the window: at most LOOKBACK_DAYS steps.
  while (day < state.complete) {
    const next = dayAfter(day);
    if (!state.days.has(next)) break;
    day = next;
  }
  return state.days.has(day) ? day : dayBefore(day);
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

/**
 * Whether a shop's gap is real at `now`: its first missing day ended (in the shop's zone) longer ago than the
 * shop's usual arrival (DEFAULT_GRACE_HOURS when unknown) plus ARRIVAL_SLACK_HOURS. A shop whose data usually
 * arrives ten hours after midnight is not missing at the 08:00 scan; a second day behind always is, unless the shop
 * usually arrives more than a day late.
 */
export function gapIsReal(
  behind: Pick<ShopBehind, "missingSince" | "usualLagHours">,
  shopZone: string,
  now: DateTime,
): boolean {
  const lag = behind.usualLagHours === null ? DEFAULT_GRACE_HOURS : Math.max(0, behind.usualLagHours);
  const dueAt = DateTime.fromISO(behind.missingSince, { zone: shopZone }).plus({
    days: 1,
    hours: lag + ARRIVAL_SLACK_HOURS,
  });
  return now >= dueAt;
}
