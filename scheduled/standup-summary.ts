// At the team's standup deadline, one summary goes to the team channel: each answer beside the member's own
// numbers from yesterday, and the members who did not answer, listed once (no reminder DMs: nobody is nagged).
import { Decimal } from "decimal.js";
import type { Block } from "../src/chat/message.js";
import { message } from "../src/chat/message.js";
import { t } from "../src/domain/i18n.js";
import { getMetric } from "../src/domain/metrics.js";
import { formatNumber } from "../src/domain/numbers.js";
import { describeDelivery, postToChannel } from "../src/scheduling/deliver.js";
import type { ScheduledJob } from "../src/scheduling/job.js";
import { teamTargets } from "../src/scheduling/team-targets.js";
import type { Services } from "../src/services.js";

/** What "yesterday" shows beside each answer: output, and the GMV it drove. */
const YESTERDAY_METRICS = ["videos_posted", "live_sessions", "posts", "gmv_gross"];

export const standupSummaryJob: ScheduledJob<Services> = {
  name: "standup-summary",
  description: "Post each team's standup answers, with yesterday's numbers, to the team channel at the deadline",
  targets: (deps) => teamTargets(deps, "standupDeadline"),
  async run(deps, now, target) {
    const teams = (await deps.members.allTeams()).filter((team) => !target || team.id === target.key);
    const summary: string[] = [];
    for (const team of teams) {
      const local = now.setZone(team.timezone);
      const date = local.toISODate() as string;
      const yesterday = local.minus({ days: 1 }).toISODate() as string;
      const locale = team.locale;
      const [members, questions, answers] = await Promise.all([
        deps.members.listTeamMembers(team.id),
        deps.standup.questionsFor(team.id),
        deps.standup.answersFor(team.id, date),
      ]);
      const numbers = await deps.kpi.memberSums(
        members.map((m) => m.id),
        YESTERDAY_METRICS,
        yesterday,
        yesterday,
      );
      const blocks: Block[] = [
        { type: "header", text: `🗒️ ${t(locale, "standup.summary_title", { team: team.name, date })}` },
      ];
      const silent: string[] = [];
      for (const member of members) {
        const mine = answers.filter((a) => a.memberId === member.id);
        if (mine.length === 0) {
          silent.push(`@${member.handle}`);
          continue;
        }
        const sums = numbers.get(member.id) ?? new Map<string, Decimal>();
        const figures = YESTERDAY_METRICS.flatMap((key) => {
          const value = sums.get(key);
          const def = getMetric(key);
          if (!value || value.isZero() || !def) return [];
          const name = locale === "zh" ? def.nameZh : def.nameEn;
          return [`${name} ${formatNumber(new Decimal(value), { locale, unit: def.unit, currency: team.currency })}`];
        });
        const lines = questions.flatMap((q, i) => {
          const answer = mine.find((a) => a.questionId === q.id);
          return answer ? [`${i + 1}. ${locale === "zh" ? q.textZh : q.textEn}\n   ${answer.answer}`] : [];
        });
        blocks.push({
          type: "section",
          text: `@${member.handle} · ${t(locale, "standup.yesterday")}: ${figures.join(" · ") || "–"}\n${lines.join("\n")}`,
        });
      }
      if (blocks.length === 1) blocks.push({ type: "section", text: t(locale, "standup.nobody") });
      if (silent.length)
        blocks.push({ type: "context", text: t(locale, "standup.no_answer", { members: silent.join(", ") }) });
      if (!team.standupChannelId) {
        summary.push(`${team.slug}: no standup channel set, summary not posted`);
        continue;
      }
      const delivery = await postToChannel(deps.platforms, team.standupChannelId, message(blocks));
      summary.push(
        `${team.slug}: ${members.length - silent.length} answered, ${silent.length} did not; ${describeDelivery(delivery)}`,
      );
    }
    return { summary };
  },
};
