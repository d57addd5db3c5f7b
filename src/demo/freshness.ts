// What the demo's feeds delivered and when: one SourceDay row (source "demo", complete) per seeded shop day, with
// the hour its data "arrived", and the one shop left a day behind on purpose so the playground shows the truth
// about time: "/kpi team UK-gadgets" through the day before yesterday, "GizmoHub UK: no data since …", and the
// morning scan's "no data from GizmoHub UK" alert.
import { DateTime } from "luxon";
import { DEMO_SHOPS, DEMO_TEAMS, type DemoShop } from "./fixtures.js";
import { dbDate } from "./fx.js";
import { createRng } from "./random.js";

/**
 * GizmoHub UK's facts and SourceDay rows end `days` earlier than the other shops'. GizmoHub UK rather than
 * GizmoHub Deals: Deals carries the planted GMV fall (incidents.ts), which must stay visible, and ongoing, through
 * yesterday; a missing day there would hide the very incident the demo plants.
 */
export const DEMO_BEHIND: Readonly<{ shopExternalId: string; days: number }> = {
  shopExternalId: "7495000000000000301",
  days: 1,
};

/**
 * Before 03:00 of the behind shop's day its yesterday is not overdue yet (the demo's arrivals come at most 1.5 h
 * after midnight, and the scan waits an hour past a shop's usual arrival): seeded then, the shop is held back one
 * day more, so the "no data" alert shows right after `npm start` whatever the hour. (Jakarta's 08:00 is London's
 * 01:00: GizmoHub UK is two days behind then, one day from London's 03:00 on.)
 */
const OVERDUE_FROM_HOUR = 3;

/** How many days (through yesterday) the behind shop is held back when the demo is seeded at `now`. */
export function demoBehindDays(now: DateTime | null): number {
  const shop = DEMO_SHOPS.find((s) => s.externalId === DEMO_BEHIND.shopExternalId);
  const zone = DEMO_TEAMS.find((t) => t.slug === shop?.teamSlug)?.timezone ?? "UTC";
  if (now === null || now.setZone(zone).hour >= OVERDUE_FROM_HOUR) return DEMO_BEHIND.days;
  return DEMO_BEHIND.days + 1;
}

/** Whether a shop's day (days before its team's today) is held back: no facts, no SourceDay row. */
export function isBehindDay(shopExternalId: string, daysAgo: number, behindDays: number): boolean {
  return shopExternalId === DEMO_BEHIND.shopExternalId && daysAgo <= behindDays;
}

/**
 * Each shop's data "arrives" a little after its day ends, as a nightly sync would: a shop's own lag between 30 and
 * 75 minutes, ± 15 minutes a day. Short on purpose: the "no data" alert waits for a shop's usual arrival time, and
 * the demo's behind shop must be overdue soon after midnight, whenever someone runs `npm start`.
 */
const LAG_HOURS = { min: 0.5, max: 1.25, jitter: 0.25 };

export interface DemoSourceDay {
  teamId: string;
  shopId: string;
  source: "demo";
  date: Date;
  workspaceId: string;
  complete: true;
  firstSeenAt: Date;
  completedAt: Date;
}

/**
 * The SourceDay rows of one shop's seeded days (oldest first; behind days left out). An arrival that would lie after
 * `now` is clamped to `now`: a day the demo has data for has arrived by the time it is seeded.
 */
export function demoSourceDays(input: {
  workspaceId: string;
  teamId: string;
  shop: { def: DemoShop; id: string };
  zone: string;
  days: readonly { date: string; daysAgo: number }[];
  now: DateTime | null;
  /** demoBehindDays(now). */
  behindDays: number;
}): DemoSourceDay[] {
  const rng = createRng(`arrival:${input.shop.def.externalId}`);
  const lag = rng.between(LAG_HOURS.min, LAG_HOURS.max);
  const rows: DemoSourceDay[] = [];
  for (const day of input.days) {
    const jitter = rng.between(-LAG_HOURS.jitter, LAG_HOURS.jitter);
    if (isBehindDay(input.shop.def.externalId, day.daysAgo, input.behindDays)) continue;
    const dayEnd = DateTime.fromISO(day.date, { zone: input.zone }).plus({ days: 1 });
    const arrived = dayEnd.plus({ minutes: Math.round((lag + jitter) * 60) }).toJSDate();
    const at = input.now !== null && arrived > input.now.toJSDate() ? input.now.toJSDate() : arrived;
    rows.push({
      teamId: input.teamId,
      shopId: input.shop.id,
      source: "demo",
      date: dbDate(day.date),
      workspaceId: input.workspaceId,
      complete: true,
      firstSeenAt: at,
      completedAt: at,
    });
  }
  return rows;
}
