// Each lead, manager and admin gets the morning digest by DM at their team's digest time, in their own timezone:
// yesterday and month to date per market and person, attainment and pace per tier, movers, creator pipeline
// changes, open alerts, and a chart of GMV against target pace.

import type { MemberProfile } from "../src/members/types.js";
import { describeDelivery, sendDirect } from "../src/scheduling/deliver.js";
import type { JobTarget, ScheduledJob } from "../src/scheduling/job.js";
import type { Services } from "../src/services.js";

async function recipients(deps: Services): Promise<MemberProfile[]> {
  const workspaces = [...new Set((await deps.members.allTeams()).map((team) => team.workspaceId))];
  return (await Promise.all(workspaces.map((id) => deps.digest.recipients(id)))).flat();
}

export const morningDigestJob: ScheduledJob<Services> = {
  name: "morning-digest",
  description: "DM each lead and manager the morning digest with a GMV-vs-pace chart",
  async targets(deps) {
    const people = await recipients(deps);
    const holidays = await deps.standup.holidays([...new Set(people.flatMap((p) => (p.team ? [p.team.id] : [])))]);
    return people
      .filter((p) => !p.dmOptOut)
      .map(
        (p): JobTarget => ({
          key: p.id,
          label: `@${p.handle}`,
          timezone: p.timezone,
          time: p.team?.digestTime ?? "08:30",
          weekdays: p.team?.workingDays ?? [1, 2, 3, 4, 5],
          skipDates: p.team ? (holidays.get(p.team.id) ?? []) : [],
        }),
      );
  },
  async run(deps, now, target) {
    const people = (await recipients(deps)).filter((p) => !target || p.id === target.key);
    const digests = await deps.digest.buildDigests(people, now);
    const summary: string[] = [];
    for (const person of people) {
      const digest = digests.get(person.id);
      if (!digest) continue;
      summary.push(`@${person.handle}: ${describeDelivery(await sendDirect(deps.platforms, person, digest))}`);
    }
    return { summary };
  },
};
