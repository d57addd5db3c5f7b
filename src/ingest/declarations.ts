// The feeds an ingest request touches and the days it declares complete: a team's own feed (team and member facts)
// and one feed per shop (shop facts). A day may be declared only once it is over where the feed lives (the shop's
// zone, else the team's); any refusal stops the request before anything is written.
import type { DateTime } from "luxon";
import { dayAfter, daysBetween, lastDayEndedBy } from "../freshness/rules.js";
import type { TeamProfile } from "../members/types.js";
import type { FactToWrite } from "./convert.js";
import type { Directory, ShopRef } from "./directory.js";
import { IngestError } from "./errors.js";
import type { RawDeclaration, RawRows } from "./read-body.js";

/**
 * A declaration marks every day after the feed's previous complete day, but at most this many: a feed silent for
 * years does not write thousands of rows, and the freshness rules only ever read the last five weeks.
 */
export const MAX_DECLARED_DAYS = 366;

export interface FeedToRecord {
  team: TeamProfile;
  /** null for the team's own feed. */
  shop: ShopRef | null;
  /** The days the request sent facts for. */
  dataDays: string[];
  /** Declared complete through this day; null when the request declares nothing for this feed. */
  through: string | null;
}

/** The days a declaration marks complete: from the day after the previous complete day (or `through` alone). */
export function daysToDeclare(previous: string | null, through: string): string[] {
  const from = previous === null ? through : dayAfter(previous);
  const days = daysBetween(from, through);
  return days.slice(Math.max(0, days.length - MAX_DECLARED_DAYS));
}

const feedKey = (teamId: string, shopId: string | null) => `${teamId}|${shopId ?? ""}`;

/** "2026-12-03 10:15" in `zone`: what the sender's clock should have said. */
const localNow = (now: DateTime, zone: string) => now.setZone(zone).toFormat("yyyy-MM-dd HH:mm");

function refused(field: string, message: string): IngestError {
  return new IngestError(400, "invalid_declaration", `${field}: ${message} (nothing was written)`, { field });
}

/** The example a refusal offers: the declaration as sent, with a day that is over. */
function example(declaration: RawDeclaration, through: string): string {
  const { team, shop } = declaration;
  return JSON.stringify({ team, ...(shop === undefined ? {} : { shop }), through });
}

/** The JSON list's feeds, each named in the directory and declared through a day that is over. */
function listed(raw: RawDeclaration[], directory: Directory, now: DateTime) {
  const out = new Map<string, { team: TeamProfile; shop: ShopRef | null; through: string; index: number }>();
  for (const declaration of raw) {
    const at = `complete[${declaration.index}]`;
    const team = directory.team(declaration.team);
    if ("missing" in team) throw refused(`${at}.team`, team.missing);
    let shop: ShopRef | null = null;
    if (declaration.shop !== undefined) {
      const found = directory.shop(declaration.shop);
      if ("missing" in found) throw refused(`${at}.shop`, found.missing);
      if (found.found.team.id !== team.found.id) {
        throw refused(
          `${at}.shop`,
          `${found.found.shop.name} is a shop of ${found.found.team.slug}, not of ${team.found.slug}`,
        );
      }
      shop = found.found.shop;
    }
    const zone = shop?.timezone ?? team.found.timezone;
    const latest = lastDayEndedBy(now, zone);
    if (declaration.through > latest) {
      throw refused(
        `${at}.through`,
        `${declaration.through} is not over yet in ${zone} (it is ${localNow(now, zone)} there): a day can be declared complete once it has ended, e.g. ${example(declaration, latest)}`,
      );
    }
    const key = feedKey(team.found.id, shop?.id ?? null);
    const twice = out.get(key);
    if (twice) {
      throw refused(at, `declares the same feed as complete[${twice.index}]: send one declaration per team or shop`);
    }
    out.set(key, { team: team.found, shop, through: declaration.through, index: declaration.index });
  }
  return out;
}

/**
 * Every feed of the request: the feeds its facts touched (with their days) and the feeds it declares, merged.
 * CSV's `complete_through` declares every feed its facts touched.
 */
export function feedsOf(
  facts: FactToWrite[],
  raw: Pick<RawRows, "declarations" | "completeThrough">,
  ctx: { directory: Directory; shops: ShopRef[]; now: DateTime },
): FeedToRecord[] {
  const shopsById = new Map(ctx.shops.map((s) => [s.id, s]));
  const feeds = new Map<string, FeedToRecord & { days: Set<string> }>();
  for (const fact of facts) {
    const key = feedKey(fact.team.id, fact.shopId);
    const feed = feeds.get(key) ?? {
      team: fact.team,
      shop: fact.shopId ? (shopsById.get(fact.shopId) ?? null) : null,
      dataDays: [],
      through: null,
      days: new Set<string>(),
    };
    feed.days.add(fact.date);
    feeds.set(key, feed);
  }
  if (raw.completeThrough !== null) {
    const through = raw.completeThrough;
    for (const feed of feeds.values()) {
      const zone = feed.shop?.timezone ?? feed.team.timezone;
      if (through > lastDayEndedBy(ctx.now, zone)) {
        const latest = [...feeds.values()]
          .map((f) => lastDayEndedBy(ctx.now, f.shop?.timezone ?? f.team.timezone))
          .sort()[0] as string;
        throw refused(
          "complete_through",
          `${through} is not over yet for ${feed.shop?.name ?? feed.team.slug} (${zone}, ${localNow(ctx.now, zone)} there): a day can be declared complete once it has ended; every feed of this body has ended ${latest}, e.g. ?complete_through=${latest}`,
        );
      }
      feed.through = through;
    }
  }
  for (const [key, declared] of listed(raw.declarations, ctx.directory, ctx.now)) {
    const feed = feeds.get(key);
    if (feed) feed.through = declared.through;
    else
      feeds.set(key, {
        team: declared.team,
        shop: declared.shop,
        dataDays: [],
        through: declared.through,
        days: new Set(),
      });
  }
  return [...feeds.values()].map(({ days, ...feed }) => ({ ...feed, dataDays: [...days].sort() }));
}
