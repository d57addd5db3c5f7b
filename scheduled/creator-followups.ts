// Each morning, every creator owner gets one DM with the creators waiting on them (no reply after 3 days, a
// sample shipped a week ago without a video, …), at their team's digest time in their own timezone.
import { renderFollowups } from "../src/creators/render.js";
import { describeDelivery, sendDirect } from "../src/scheduling/deliver.js";
import type { JobTarget, ScheduledJob } from "../src/scheduling/job.js";
import type { Services } from "../src/services.js";

export const creatorFollowupsJob: ScheduledJob<Services> = {
  name: "creator-followups",
  description: "DM each creator owner the follow-ups due today",
  async targets(deps) {
    const owners = await deps.members.findByIds(await deps.creators.ownersWithFollowUps(), { activeOnly: true });
    return owners.flatMap((owner): JobTarget[] =>
      owner.team && !owner.dmOptOut
        ? [
            {
              key: owner.id,
              label: `@${owner.handle}`,
              timezone: owner.timezone,
              time: owner.team.digestTime,
              weekdays: owner.team.workingDays,
            },
          ]
        : [],
    );
  },
  async run(deps, now, target) {
    const targets = target ? [target] : await this.targets(deps, now);
    const summary: string[] = [];
    for (const t of targets) {
      const owner = await deps.members.findById(t.key);
      if (!owner) continue;
      const endOfToday = now.setZone(owner.timezone).endOf("day").toJSDate();
      const due = await deps.creators.dueFor(owner.id, endOfToday);
      if (due.length === 0) {
        summary.push(`@${owner.handle}: nothing due`);
        continue;
      }
      const reminder = renderFollowups({ label: `@${owner.handle}`, due, now }, owner.language, owner.timezone);
      const delivery = await sendDirect(deps.platforms, owner, reminder);
      summary.push(`@${owner.handle}: ${due.length} follow-ups; ${describeDelivery(delivery)}`);
    }
    return { summary };
  },
};
