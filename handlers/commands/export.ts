// /export: the raw rows (facts, content logs, creators) of a scope and period as a CSV file in chat. Thin: the
// export service reads the words, checks permissions and streams the rows; this renders the reply.
import type { CommandHandler } from "../../src/chat/commands.js";
import { renderExport } from "../../src/exports/render.js";
import type { Services } from "../../src/services.js";

export const exportCommand: CommandHandler<Services> = {
  name: "export",
  aliases: ["导出"],
  summary: {
    en: "The raw rows (facts, content logs, creators) as a CSV file: what you may see, for any period.",
    zh: "以 CSV 文件导出原始数据（数据、记录、达人）：你有权查看的范围，任意时间段。",
  },
  usage: {
    en: [
      "/export facts 2026-10: every fact row of October (members: your own; leads: your team; managers: all teams)",
      "/export facts last month team ID-beauty · /export facts 2026-Q4 @sari · /export facts 2026-10-01..2026-10-15 all",
      "/export logs week: content logs (videos, LIVE sessions, posts, contacts), undone ones marked",
      "/export creators team ID-beauty: creators with owner, stage, tier, follow-up and number of stage changes",
      "Up to 50 MB in chat (30 MB in Lark); the CLI writes any size: npm run export -- facts 2026-10 --team ID-beauty",
    ],
    zh: [
      "/导出 数据 2026-10：10 月的全部数据行（成员：自己的；组长：本组；经理：所有团队）",
      "/导出 数据 上月 团队 ID-beauty · /导出 数据 2026-Q4 @sari · /导出 数据 2026-10-01..2026-10-15 全部",
      "/导出 记录 本周：内容记录（视频、直播、发帖、建联），已撤销的会标明",
      "/导出 达人 团队 ID-beauty：达人及负责人、阶段、分级、跟进日期和阶段变更次数",
      "聊天中最大 50 MB（飞书 30 MB）；命令行不限大小：npm run export -- facts 2026-10 --team ID-beauty",
    ],
  },
  async run({ args, member, locale, platform, services }) {
    return renderExport(await services.exports.forChat(member, args, platform), locale);
  },
};
