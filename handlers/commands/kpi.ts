// /kpi: how am I (or my team, or everyone) doing against target. Thin: parse, call the KPI service, render.
import type { CommandContext, CommandHandler } from "../../src/chat/commands.js";
import { message, type OutgoingMessage } from "../../src/chat/message.js";
import { t } from "../../src/domain/i18n.js";
import { renderFreshness } from "../../src/freshness/command-render.js";
import { linkConfirmedMessage, linkRejectedMessage } from "../../src/identity/messages.js";
import { LINK_WORDS } from "../../src/identity/unknown-user.js";
import { renderBoard, renderComparison, renderDefinition, renderReport } from "../../src/metrics/render.js";
import type { Services } from "../../src/services.js";

const SUB = {
  team: ["team", "团队", "小组"],
  board: ["board", "leaderboard", "rank", "排行", "排行榜", "榜单"],
  compare: ["compare", "对比", "比较"],
  define: ["define", "definition", "定义", "公式"],
  freshness: ["freshness", "fresh", "新鲜度", "数据新鲜度", "数据"],
  link: LINK_WORDS,
};
const is = (word: string | undefined, list: string[]) => word !== undefined && list.includes(word.toLowerCase());

export const kpiCommand: CommandHandler<Services> = {
  name: "kpi",
  aliases: ["指标", "业绩"],
  summary: {
    en: "Your numbers against target: month to date, tier, pace and trend.",
    zh: "查看你的业绩与目标：本月累计、档位、进度和趋势。",
  },
  usage: {
    en: [
      "/kpi: your month to date",
      "/kpi week | last month | 2026-10 | 2026-Q4: another period",
      "/kpi @sari [period]: a member (leads: your team; managers: anyone)",
      "/kpi team ID-beauty [period]: a team",
      "/kpi board gmv [period]: leaderboard",
      "/kpi compare markets gmv [period]: markets side by side, in the reporting currency",
      "/kpi define roi: how a metric is computed",
      "/kpi freshness [team ID-beauty | all]: which days are in, per shop and source, and which shop is behind",
      "/kpi link list | confirm <code> | reject <code>: admins answer link requests from new chat accounts",
    ],
    zh: [
      "/kpi：你的本月累计",
      "/kpi 本周 | 上月 | 2026-10 | 2026-Q4：其他时间段",
      "/kpi @sari [时间段]：某位成员（组长：本组；经理：所有人）",
      "/kpi 团队 ID-beauty [时间段]：某个团队",
      "/kpi 排行 gmv [时间段]：排行榜",
      "/kpi 对比 市场 gmv [时间段]：各市场对比（报告币种）",
      "/kpi 定义 roi：指标的计算公式",
      "/kpi 新鲜度 [团队 ID-beauty | 全部]：各店铺、各数据源到了哪一天，哪家店铺滞后",
      "/kpi 关联 list | confirm <编号> | reject <编号>：管理员处理新聊天账号的关联申请",
    ],
  },
  async run(ctx) {
    const { args, member, locale, services } = ctx;
    const [first, second, ...others] = args;
    if (is(first, SUB.link)) return runLink(ctx, second, others[0]);
    if (is(first, SUB.define)) return renderDefinition(services.kpi.define(second), locale);
    if (is(first, SUB.freshness)) {
      // "freshness team ID-beauty" and the short "freshness ID-beauty" both work.
      const team = optional(is(second, SUB.team) ? others : [second ?? "", ...others].filter(Boolean));
      return renderFreshness(await services.freshness.overview(member, team, ctx.now, services.members), locale);
    }
    if (is(first, SUB.team))
      return renderReport(await services.kpi.teamReport(member, second, optional(others)), locale);
    if (is(first, SUB.board)) return renderBoard(await services.kpi.board(member, second, optional(others)), locale);
    if (is(first, SUB.compare)) {
      // "compare markets gmv month": the word "markets" is optional.
      const rest = is(second, ["markets", "market", "市场"]) ? others : [second ?? "", ...others].filter(Boolean);
      const [metric, ...period] = rest;
      return renderComparison(await services.kpi.compareMarkets(member, metric, optional(period)), locale);
    }
    if (first?.startsWith("@")) {
      return renderReport(
        await services.kpi.memberReport(member, first, optional([second ?? "", ...others].filter(Boolean))),
        locale,
      );
    }
    return renderReport(await services.kpi.memberReport(member, null, optional(args)), locale);
  },
};

const optional = (words: string[]) => (words.length ? words.join(" ") : undefined);

/**
 * "/kpi link …" from someone already linked: admins list, confirm and reject requests; anyone else is told who they
 * are. (An unknown user's "/kpi link @handle" never gets here: the platform adapter handles it before the dispatcher.)
 */
async function runLink(ctx: CommandContext<Services>, verb?: string, code?: string): Promise<OutgoingMessage> {
  const { member, locale, services } = ctx;
  const word = verb?.toLowerCase();
  if (word === "confirm" || word === "确认") {
    const { member: linked, request } = await services.identity.confirm(member, code ?? "");
    return linkConfirmedMessage(request, linked.handle, locale);
  }
  if (word === "reject" || word === "拒绝") {
    return linkRejectedMessage((await services.identity.reject(member, code ?? "")).code, locale);
  }
  if (word === "list" || word === "列表") {
    const open = await services.identity.listOpen(member);
    if (open.length === 0)
      return message([{ type: "section", text: t(locale, "link.none_open") }], { ephemeral: true });
    const handles = new Map(
      (
        await services.members.findByIds(
          open.map((r) => r.memberId),
          { activeOnly: false },
        )
      ).map((m) => [m.id, m.handle]),
    );
    return message(
      [
        { type: "header", text: t(locale, "link.open_title") },
        {
          type: "section",
          text: open
            .map((r) => `${r.code} · ${r.platform} ${r.platformUserId} → @${handles.get(r.memberId) ?? "?"}`)
            .join("\n"),
        },
        { type: "context", text: "/kpi link confirm <code> · /kpi link reject <code>" },
      ],
      { ephemeral: true },
    );
  }
  return message([{ type: "section", text: t(locale, "link.already", { handle: member.handle }) }], {
    ephemeral: true,
  });
}
