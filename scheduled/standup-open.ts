// At the team's standup time on its working days, every member gets the standup by DM: a form in Lark and the
// playground, a button that opens the modal in Slack. Once a day (the scheduler's claim), never a second nag.

import { standupForm } from "../handlers/forms/standup.js";
import { message } from "../src/chat/message.js";
import { t } from "../src/domain/i18n.js";
import { sendDirect } from "../src/scheduling/deliver.js";
import type { ScheduledJob } from "../src/scheduling/job.js";
import { teamTargets } from "../src/scheduling/team-targets.js";
import type { Services } from "../src/services.js";

export const standupOpenJob: ScheduledJob<Services> = {
  name: "standup",
  description: "DM each team member today's standup questions at the team's standup time",
  targets: (deps) => teamTargets(deps, "standupTime"),
  async run(deps, now, target) {
    const teams = (await deps.members.allTeams()).filter((team) => !target || team.id === target.key);
    const summary: string[] = [];
    for (const team of teams) {
      const date = now.setZone(team.timezone).toISODate() as string;
      let sent = 0;
      let skipped = 0;
      for (const member of await deps.members.listTeamMembers(team.id)) {
        if (member.dmOptOut) {
          skipped++;
          continue;
        }
        const form = await standupForm.build({
          member,
          locale: member.language,
          now,
          platform: "playground",
          services: deps,
          state: date,
        });
        const dm = message([{ type: "section", text: `☀️ ${t(member.language, "standup.dm_intro", { date })}` }], {
          form,
        });
        sent += (await sendDirect(deps.platforms, member, dm)).reached.length;
      }
      summary.push(`${team.slug}: standup for ${date} sent ${sent} DM(s), ${skipped} opted out`);
    }
    return { summary };
  },
};
