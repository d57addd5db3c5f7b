// Every morning (before the digest, so the digest lists what it found), each team's anomaly scan: the day before
// against its weekly-seasonal baseline and the team's rules; alerts go to the team's alert channel. Every day of
// the week: shops sell on weekends too. Imports run the same scan as soon as new data lands.
import type { ScheduledJob } from "../src/scheduling/job.js";
import type { Services } from "../src/services.js";

export const alertScanJob: ScheduledJob<Services> = {
  name: "alert-scan",
  description: "Anomaly scan of yesterday per team, shop and member; alerts to the team's alert channel",
  async targets(deps) {
    return (await deps.members.allTeams()).map((team) => ({
      key: team.id,
      label: team.slug,
      timezone: team.timezone,
      time: team.alertScanTime,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
    }));
  },
  async run(deps, _now, target) {
    const teams = (await deps.members.allTeams()).filter((team) => !target || team.id === target.key);
    const summary: string[] = [];
    for (const team of teams) {
      const s = await deps.alertScan.scanTeam(team);
      summary.push(
        `${team.slug} (${s.evalDate}): ${s.created} new alert(s), ${s.posted} message(s) posted, ${s.suppressed} held back, ${s.resolved} resolved`,
      );
    }
    return { summary };
  },
};
