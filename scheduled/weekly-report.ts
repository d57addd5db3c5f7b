// Monday morning, team time: last week's report with the CSV of its facts, in the team channel.
import { describeDelivery, postToChannel } from "../src/scheduling/deliver.js";
import type { ScheduledJob } from "../src/scheduling/job.js";
import { teamTargets } from "../src/scheduling/team-targets.js";
import type { Services } from "../src/services.js";

export const weeklyReportJob: ScheduledJob<Services> = {
  name: "weekly-report",
  description: "Post last week's report, with the CSV of its facts, to each team channel on Monday morning",
  targets: (deps) => teamTargets(deps, "weeklyReportTime", [1]),
  async run(deps, now, target) {
    const teams = (await deps.members.allTeams()).filter((team) => !target || team.id === target.key);
    const summary: string[] = [];
    for (const team of teams) {
      const channel = team.digestChannelId ?? team.standupChannelId;
      if (!channel) {
        summary.push(`${team.slug}: no channel set, report not posted`);
        continue;
      }
      const report = await deps.weekly.build(team, now);
      summary.push(`${team.slug}: ${describeDelivery(await postToChannel(deps.platforms, channel, report))}`);
    }
    return { summary };
  },
};
