// Every morning, each team's creator tiers are recomputed over the rolling window; changes are announced in the
// team's channel by the creator service.
import type { ScheduledJob } from "../src/scheduling/job.js";
import type { Services } from "../src/services.js";

export const creatorTiersJob: ScheduledJob<Services> = {
  name: "creator-tiers",
  description: "Recompute creator tiers S/A/B/C and announce changes in each team's channel",
  async targets(deps) {
    return (await deps.members.allTeams()).map((team) => ({
      key: team.id,
      label: team.slug,
      timezone: team.timezone,
      time: team.digestTime,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
    }));
  },
  // The service reads the clock itself: the window ends yesterday in each team's zone.
  async run(deps, _now, target) {
    const teams = (await deps.members.allTeams()).filter((team) => !target || team.id === target.key);
    const summary: string[] = [];
    for (const team of teams) {
      const { changes } = await deps.creators.recomputeTiers(team);
      summary.push(`${team.slug}: ${changes.length} tier change(s)`);
    }
    return { summary };
  },
};
