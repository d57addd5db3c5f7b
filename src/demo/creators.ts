// The history of each demo creator: stage changes walking the pipeline up to the current stage, the outreach
// contacts along the way, the follow-up date, and the days on which the creator has sales.
import type { DateTime } from "luxon";
import type { CreatorStage } from "../generated/prisma/enums.js";
import { type DemoCreator, type DemoTeam, stagePath } from "./fixtures.js";
import { parseToday } from "./fx.js";
import { createRng } from "./random.js";

export interface CreatorTimeline {
  handle: string;
  changes: { fromStage: CreatorStage | null; toStage: CreatorStage; changedAt: Date }[];
  contacts: { channel: string; outcome: string; note: string; contactedAt: Date }[];
  createdAt: Date;
  stageChangedAt: Date;
  nextFollowUpAt: Date | null;
  /** First and last local dates with sales: from the first sale (the stage says when it happened) to yesterday,
   * or to the day before a pause. A creator still at video_posted has, by definition, no sale yet. */
  salesFrom: string | null;
  salesUntil: string;
}

const CHANNELS: Record<string, readonly string[]> = {
  ID: ["whatsapp", "dm"],
  TH: ["line", "dm"],
  GB: ["email", "dm"],
};

/** Normalised handle: lower case, no "@". */
export function normaliseHandle(handle: string): string {
  return handle.replace(/^@/, "").toLowerCase();
}

export function creatorTimeline(creator: DemoCreator, team: DemoTeam, today: string): CreatorTimeline {
  const rng = createRng(`creator-history:${creator.displayHandle}`);
  const start = parseToday(today, team.timezone);
  const path = stagePath(creator.stage);
  // Walk back from the last change: each earlier step happened 2–7 days before the next one.
  const daysAgo: number[] = [creator.stageDaysAgo];
  for (let i = path.length - 2; i >= 0; i--) daysAgo.unshift((daysAgo[0] ?? 0) + rng.int(2, 7));
  const at = (ago: number): DateTime =>
    start.minus({ days: ago }).set({ hour: rng.int(9, 18), minute: rng.int(0, 59) });
  const times = daysAgo.map(at);

  const changes = path.map((toStage, i) => ({
    fromStage: i === 0 ? null : (path[i - 1] ?? null),
    toStage,
    changedAt: (times[i] as DateTime).toJSDate(),
  }));

  const channel = rng.pick(CHANNELS[team.market] ?? ["dm"]);
  const contacts: CreatorTimeline["contacts"] = [];
  path.forEach((stage, i) => {
    const when = times[i] as DateTime;
    if (stage === "contacted") {
      contacts.push({
        channel,
        outcome: "sent",
        note: "First outreach with product deck",
        contactedAt: when.toJSDate(),
      });
    } else if (stage === "replied") {
      contacts.push({
        channel,
        outcome: "replied",
        note: "Interested, asked about commission",
        contactedAt: when.toJSDate(),
      });
    } else if (stage === "declined") {
      contacts.push({
        channel,
        outcome: "declined",
        note: "Not taking new brands this month",
        contactedAt: when.toJSDate(),
      });
    }
  });
  if (creator.stage === "contacted") {
    contacts.push({
      channel,
      outcome: "no_reply",
      note: "Follow-up sent",
      contactedAt: start.minus({ days: 1 }).set({ hour: 11 }).toJSDate(),
    });
  }

  const firstSaleIndex = path.indexOf("first_sale");
  const pausedIndex = path.indexOf("paused");
  const salesFrom = firstSaleIndex >= 0 ? ((times[firstSaleIndex] as DateTime).toISODate() as string) : null;
  const lastSaleDay = pausedIndex >= 0 ? (times[pausedIndex] as DateTime).minus({ days: 1 }) : start.minus({ days: 1 });

  return {
    handle: normaliseHandle(creator.displayHandle),
    changes,
    contacts,
    createdAt: (times[0] as DateTime).toJSDate(),
    stageChangedAt: (times[times.length - 1] as DateTime).toJSDate(),
    nextFollowUpAt:
      creator.followUpInDays === undefined
        ? null
        : start.plus({ days: creator.followUpInDays }).set({ hour: 10 }).toJSDate(),
    salesFrom,
    salesUntil: lastSaleDay.toISODate() as string,
  };
}
