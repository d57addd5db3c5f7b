// Freshness per team, for every reader of figures: /kpi, boards, market comparison, the digest, the weekly report,
// exports and the alert scan all ask here for the last complete day, so they all name the same span.
import type { DateTime } from "luxon";
import type { FreshnessRepository } from "./repository.js";
import { type TeamFreshness, teamFreshness } from "./rules.js";

export interface FreshnessDeps {
  repo: FreshnessRepository;
}

export function createFreshnessService(deps: FreshnessDeps) {
  /** Each team's freshness at `now`, from one read of their feeds. */
  async function forTeams(
    teams: { id: string; timezone: string }[],
    now: DateTime,
  ): Promise<Map<string, TeamFreshness>> {
    const { days, shops } = await deps.repo.teamFeeds(
      teams.map((t) => t.id),
      now,
    );
    return new Map(
      teams.map((team) => [
        team.id,
        teamFreshness(
          team,
          shops.filter((s) => s.teamId === team.id),
          days,
          now,
        ),
      ]),
    );
  }

  async function forTeam(team: { id: string; timezone: string }, now: DateTime): Promise<TeamFreshness> {
    return (await forTeams([team], now)).get(team.id) as TeamFreshness;
  }

  return { forTeams, forTeam };
}

export type FreshnessService = ReturnType<typeof createFreshnessService>;

/** The last complete day common to several teams: what a board or a comparison across them can honestly cover. */
export function commonCompleteThrough(freshness: Iterable<TeamFreshness>, fallback: string): string {
  let through: string | null = null;
  for (const f of freshness) if (through === null || f.completeThrough < through) through = f.completeThrough;
  return through ?? fallback;
}
