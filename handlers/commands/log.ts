// /log: record output from chat (videos, LIVE sessions, posts), with an Undo button; "/log undo" too.
import { Decimal } from "decimal.js";
import type { CommandHandler } from "../../src/chat/commands.js";
import { type Block, message } from "../../src/chat/message.js";
import { stageName } from "../../src/creators/render.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import { LOG_EXAMPLES, logKindOf, parseLogArgs } from "../../src/domain/log-grammar.js";
import { formatNumber } from "../../src/domain/numbers.js";
import type { Services } from "../../src/services.js";

const UNDO_WORDS = new Set(["undo", "撤销", "撤回"]);
const CONTACT_WORDS = new Set(["contact", "联系", "建联"]);

export const logCommand: CommandHandler<Services> = {
  name: "log",
  aliases: ["记录", "打卡"],
  summary: {
    en: "Log your output: videos, LIVE sessions, posts. Undo within a day.",
    zh: "记录你的产出：视频、直播、图文。一天内可撤销。",
  },
  usage: {
    en: [
      "/log video 3 #lipstick: three videos posted today, tagged",
      "/log live 2h gmv 1250 usd: a 2-hour LIVE that sold 1,250 USD (converted to your team's currency)",
      "/log post 2: two posts",
      "/log undo: take back your last log (within 24 hours)",
      "/log contact @glowbyamy whatsapp replied: a creator contact (dm, email, whatsapp, line, zalo, tiktok; sent, replied, no_reply, interested, sample, declined)",
      "Numbers like 1.2k, 1,250 and 12万 work; so do 视频 / 直播 / 图文.",
    ],
    zh: [
      "/log 视频 3 #口红：今天发布了 3 条视频（带标签）",
      "/log 直播 2小时 gmv 1250 usd：直播 2 小时，成交 1,250 美元（自动换算为团队币种）",
      "/log 图文 2：两篇图文",
      "/log 撤销：撤回你最近一次记录（24 小时内）",
      "/log 联系 @glowbyamy whatsapp 已回复：记录一次达人建联",
      "数字支持 1.2k、1,250、12万 等写法。",
    ],
  },
  async run(ctx) {
    const { args, member, locale, services } = ctx;
    const [first, ...rest] = args;
    if (first && UNDO_WORDS.has(first.toLowerCase())) {
      const undone = await services.logs.undo(member, null);
      return message([
        {
          type: "section",
          text: `↩️ ${t(locale, "log.undone", { what: describe(undone.kind, undone.count, locale), date: undone.localDate })}`,
        },
      ]);
    }
    if (first && CONTACT_WORDS.has(first.toLowerCase())) {
      const logged = await services.creators.logContact(member, rest);
      const handle = logged.creator.displayHandle;
      const lines = [
        `🤝 ${t(locale, "creator.contact_logged", { handle, channel: logged.channel, outcome: logged.outcome })}`,
      ];
      if (logged.moved)
        lines.push(
          t(locale, "creator.moved", {
            handle,
            from: stageName(logged.creator.stage, locale),
            to: stageName(logged.moved, locale),
          }),
        );
      const blocks: Block[] = [{ type: "section", text: lines.join("\n") }];
      if (logged.created) blocks.push({ type: "context", text: t(locale, "creator.contact_created", { handle }) });
      return message(blocks);
    }
    const kind = logKindOf(first);
    if (!kind) throw new UserError("log.unknown_kind", { kind: first ?? "" }, LOG_EXAMPLES.video);
    const parsed = parseLogArgs(kind, rest);
    const result = await services.logs.log(member, parsed, ctx.eventId);
    const log = result.log;
    const currency = member.team?.currency ?? "USD";
    const parts = [describe(log.kind, log.count, locale)];
    if (log.kind === "live" && parsed.durationMinutes)
      parts.push(formatNumber(new Decimal(parsed.durationMinutes), { locale, unit: "minutes" }));
    if (log.gmvAmount)
      parts.push(
        `GMV ${formatNumber(log.gmvAmount, { locale, unit: "money", currency: log.gmvCurrency ?? currency })}`,
      );
    if (log.tags.length) parts.push(log.tags.map((tag) => `#${tag}`).join(" "));
    const headline = result.duplicate
      ? t(locale, "log.duplicate", { what: parts.join(" · ") })
      : t(locale, "log.logged", { what: parts.join(" · "), date: log.localDate });
    const context = [t(locale, "log.month_total", { total: describe(log.kind, Number(result.monthTotal), locale) })];
    if (result.fxRateDate)
      context.push(t(locale, "kpi.fx_fallback", { date: log.localDate, rateDate: result.fxRateDate }));
    return message([
      { type: "section", text: `✅ ${headline}` },
      { type: "context", text: context.join("\n") },
      {
        type: "actions",
        buttons: [{ actionId: "log.undo", label: t(locale, "log.undo_button"), value: log.id, style: "danger" }],
      },
    ]);
  },
};

export function describe(kind: string, count: number, locale: "en" | "zh"): string {
  const plural = t(locale, `log.kind.${kind as "video"}`);
  // English only: "1 video", "1 LIVE session"; Chinese counters have no plural.
  const what = locale === "en" && count === 1 ? plural.replace(/s$/, "") : plural;
  return t(locale, "log.count", { count, what });
}
