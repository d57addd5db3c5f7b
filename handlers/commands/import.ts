// /import: how to bring Seller Center exports in, and what was imported lately (with skipped-row reasons): members
// and leads see their own team's shops' imports, managers and admins the workspace's.
import type { CommandHandler } from "../../src/chat/commands.js";
import { message } from "../../src/chat/message.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import type { Services } from "../../src/services.js";

export const importCommand: CommandHandler<Services> = {
  name: "import",
  aliases: ["imports", "导入"],
  summary: {
    en: "Import TikTok Shop Seller Center exports: send the file to the bot; /import lists recent imports.",
    zh: "导入 TikTok Shop 卖家中心导出文件：把文件发给机器人；/import 查看最近的导入。",
  },
  usage: {
    en: [
      "Send an export (CSV or XLSX) to the bot in a DM or a channel it is in: orders (OrderSKUList), affiliate creators or videos, LIVE sessions, settlements. Put the shop's name in the file name (GizmoHub Deals orders.csv) unless your team has one shop.",
      "/import [list]: the last imports of your team's shops (managers and admins: of the workspace), with rows read, imported and skipped",
      "/import show <id>: one import's skipped rows with their line numbers and reasons",
      'From a terminal: npm run import -- orders.csv --shop "GizmoHub Deals"',
    ],
    zh: [
      "把导出文件（CSV 或 XLSX）发给机器人（私聊或机器人所在的频道）：订单（OrderSKUList）、联盟达人或视频、直播场次、结算。除非你的团队只有一个店铺，请在文件名中写上店铺名（如 GizmoHub Deals orders.csv）。",
      "/import [list]：你团队店铺最近的导入（经理和管理员：整个工作区），含读取、导入和跳过的行数",
      "/import show <编号>：某次导入跳过的行及原因",
      '命令行：npm run import -- orders.csv --shop "GizmoHub Deals"',
    ],
  },
  async run({ args, member, locale, services }) {
    const [verb, ref] = args;
    if (verb === "show" || verb === "查看") {
      if (!ref) throw new UserError("import.which", {}, "/import show k3x9q2");
      // Only an import of the member's own team's shops (any, for managers and admins): another team's id is
      // answered exactly as an unknown one.
      const batch = await services.imports.batch(member, ref);
      const skips = batch.skipped
        .slice(0, 40)
        .map((s) => t(locale, "import.skip_line", { line: s.line, reason: s.reason }));
      return message([
        { type: "header", text: `${batch.fileName} · ${batch.status}` },
        {
          type: "section",
          text: t(locale, "import.batch_line", {
            id: batch.shortId,
            read: batch.rowsRead,
            imported: batch.rowsImported,
            skipped: batch.rowsSkipped,
            at: batch.startedAt.toISOString().slice(0, 16).replace("T", " "),
          }),
        },
        { type: "section", text: skips.length ? skips.join("\n") : t(locale, "import.no_skips") },
      ]);
    }
    if (verb !== undefined && verb !== "list" && verb !== "列表") {
      throw new UserError("import.unknown_verb", { verb }, "/import list");
    }
    const batches = await services.imports.recentBatches(member, 10);
    if (batches.length === 0) return message([{ type: "section", text: t(locale, "import.none_yet") }]);
    return message([
      { type: "header", text: t(locale, "import.recent_title") },
      {
        type: "section",
        text: batches
          .map(
            (b) =>
              `${b.status === "completed" ? "✅" : b.status === "failed" ? "❌" : "⏳"} ${b.fileName} · ${t(
                locale,
                "import.batch_line",
                {
                  id: b.shortId,
                  read: b.rowsRead,
                  imported: b.rowsImported,
                  skipped: b.rowsSkipped,
                  at: b.startedAt.toISOString().slice(0, 16).replace("T", " "),
                },
              )}`,
          )
          .join("\n"),
      },
      { type: "context", text: t(locale, "import.how") },
    ]);
  },
};
