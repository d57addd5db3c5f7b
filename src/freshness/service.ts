// Freshness per team, for every reader of figures: /kpi, boards, market comparison, the digest, the weekly report,
// exports and the alert scan all ask here for the last complete day, so they all name the same span.
import type { DateTime } from "luxon";
import { pushTo } from "../domain/collections.js";
import { UserError } from "../domain/errors.js";
import { assertCanViewFreshness, atLeast } from "../domain/permissions.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import type { FreshnessRepository } from "./repository.js";
import {
  type FeedStatus,
  type FeedSummary,
  freshnessOfFeeds,
  type ShopBehind,
  type ShopInfo,
  type TeamFreshness,
  USUAL_DAYS,
} from "./rules.js";

export interface FreshnessDeps {
  repo: FreshnessRepository;
}

export function createFreshnessService(deps: FreshnessDeps) {
  /** Each team's freshness at `now` and its shops (feeds or none), from one read of their feeds. */
  async function read(teams: { id: string; timezone: string }[], now: DateTime) {
    const { feeds, shops } = await deps.repo.teamFeeds(
      teams.map((t) => t.id),
      now,
    );
    // Each team reads only its own feeds and shops: one pass to group them, not one scan of all per team.
    const feedsOf = new Map<string, FeedSummary[]>();
    for (const f of feeds) pushTo(feedsOf, f.teamId, f);
    const shopsOf = new Map<string, ShopInfo[]>();
    for (const s of shops) pushTo(shopsOf, s.teamId, s);
    const freshness = new Map(
      teams.map((team) => [
        team.id,
        freshnessOfFeeds(team, shopsOf.get(team.id) ?? [], feedsOf.get(team.id) ?? [], now),
      ]),
    );
    return { freshness, shopsOf };
  }

  /** Each team's freshness at `now`, from one read of their feeds. */
  async function forTeams(
    teams: { id: string; timezone: string }[],
    now: DateTime,
  ): Promise<Map<string, TeamFreshness>> {
    return (await read(teams, now)).freshness;
  }

  async function forTeam(team: { id: string; timezone: string }, now: DateTime): Promise<TeamFreshness> {
    return (await forTeams([team], now)).get(team.id) as TeamFreshness;
  }

  /**
   * What /kpi freshness shows: one team (the viewer's by default, or `teamArg`), or every team ("all", managers),
   * each with every shop, feeds or none. The permission is checked here, whoever calls.
   */
  async function overview(
    viewer: MemberProfile,
    teamArg: string | undefined,
    now: DateTime,
    members: Pick<MemberRepository, "listTeams">,
  ): Promise<FreshnessOverview> {
    const teams = await chosenTeams(viewer, teamArg, members);
    const feedsRead = await read(teams, now);
    return {
      teams: teams.map((team) => {
        const own = [...(feedsRead.shopsOf.get(team.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
        const freshness = feedsRead.freshness.get(team.id) as TeamFreshness;
        // A shop silent for longer than USUAL_DAYS no longer holds the team back: say so rather than call it late.
        const usualFrom = now.setZone(team.timezone).minus({ days: USUAL_DAYS }).toISODate() as string;
        return {
          team,
          freshness,
          shops: own.map((shop) => {
            const feeds = freshness.feeds.filter((f) => f.shopId === shop.id);
            const lastData =
              feeds
                .map((f) => f.lastDataDay ?? "")
                .sort()
                .at(-1) || null;
            return {
              shop,
              feeds,
              behind: freshness.behind.find((b) => b.shopId === shop.id) ?? null,
              staleSince: lastData !== null && lastData < usualFrom ? lastData : null,
            };
          }),
          teamFeeds: freshness.feeds.filter((f) => f.shopId === null),
        };
      }),
    };
  }

  return { forTeams, forTeam, overview };
}

/** Words that ask for every team. */
const ALL_TEAMS = ["all", "everyone", "全部", "所有"];

async function chosenTeams(
  viewer: MemberProfile,
  teamArg: string | undefined,
  members: Pick<MemberRepository, "listTeams">,
): Promise<TeamProfile[]> {
  const arg = teamArg?.trim().toLowerCase();
  if (arg && ALL_TEAMS.includes(arg)) {
    assertCanViewFreshness(viewer, "all");
    return members.listTeams(viewer.workspaceId);
  }
  if (!arg) {
    if (viewer.team) return [viewer.team];
    if (!atLeast(viewer, "manager")) throw new UserError("freshness.no_team");
    return members.listTeams(viewer.workspaceId);
  }
  const teams = await members.listTeams(viewer.workspaceId);
  // Slugs win over names, as in /kpi team.
  const team =
    teams.find((t) => t.slug.toLowerCase() === arg) ?? teams.find((t) => t.name.toLowerCase() === arg) ?? null;
  if (!team) {
    throw new UserError(
      "error.unknown_team",
      { team: teamArg ?? "", teams: teams.map((t) => t.slug).join(", ") },
      `/kpi freshness team ${viewer.team?.slug ?? teams[0]?.slug ?? "ID-beauty"}`,
    );
  }
  assertCanViewFreshness(viewer, team);
  return [team];
}

export interface ShopFreshness {
  shop: ShopInfo;
  /** The shop's feeds with rows (none: never imported, synced or sent). */
  feeds: FeedStatus[];
  behind: ShopBehind | null;
  /** The shop's last day with data when it is older than USUAL_DAYS (it no longer holds the team back). */
  staleSince: string | null;
}

export interface TeamFreshnessView {
  team: TeamProfile;
  freshness: TeamFreshness;
  shops: ShopFreshness[];
  /** Team-level feeds: team and member facts of the ingest API. */
  teamFeeds: FeedStatus[];
}

export interface FreshnessOverview {
  teams: TeamFreshnessView[];
}

export type FreshnessService = ReturnType<typeof createFreshnessService>;

/** The last complete day common to several teams: what a board or a comparison across them can honestly cover. */
export function commonCompleteThrough(
  freshness: Iterable<Pick<TeamFreshness, "completeThrough">>,
  fallback: string,
): string {
  let through: string | null = null;
  for (const f of freshness) if (through === null || f.completeThrough < through) through = f.completeThrough;
  return through ?? fallback;
}
