// /target set|list|clear: stepped targets (base / stretch / challenge) with weights, from chat.
import type { CommandHandler } from "../../src/chat/commands.js";
import { type Block, message, type OutgoingMessage } from "../../src/chat/message.js";
import { UserError } from "../../src/domain/errors.js";
import { type Locale, t } from "../../src/domain/i18n.js";
import { getMetric } from "../../src/domain/metrics.js";
import { formatNumber } from "../../src/domain/numbers.js";
import { parseTargetArgs, TARGET_EXAMPLE } from "../../src/domain/target-grammar.js";
import type { Services } from "../../src/services.js";
import type { SetResult } from "../../src/targets/service.js";
import { targetForm } from "../forms/target.js";

const SET = new Set(["set", "设置", "设定"]);
const LIST = new Set(["list", "ls", "列表", "查看"]);
const CLEAR = new Set(["clear", "remove", "delete", "清除", "删除"]);

export const targetCommand: CommandHandler<Services> = {
  name: "target",
  aliases: ["目标"],
  summary: {
    en: "Set, list and clear stepped targets (base / stretch / challenge) with weights.",
    zh: "设置、查看、清除分档目标（基础 / 冲刺 / 挑战）及权重。",
  },
  usage: {
    en: [
      TARGET_EXAMPLE,
      "/target set videos_posted week 10/15 @dewi",
      "/target set return_rate month 8%/6%/5% team ID-beauty",
      "/target list [@member | team ID-beauty] [week | month | quarter | 2026-12]",
      "/target clear gmv month @sari",
      "Leads set targets for their team; managers for anyone. Periods: week, month, quarter, next-month, 2026-12, 2026-W49, 2027-Q1.",
    ],
    zh: [
      "/target 设置 gmv 本月 40000/50000/65000 usd @sari 权重 50%",
      "/target 设置 videos_posted 本周 10/15 @dewi",
      "/target 设置 退货率 本月 8%/6%/5% 团队 ID-beauty",
      "/target 查看 [@成员 | 团队 ID-beauty] [本周 | 本月 | 本季度 | 2026-12]",
      "/target 清除 gmv 本月 @sari",
      "组长可为本组设置目标，经理可为所有人设置。",
    ],
  },
  async run(ctx) {
    const { args, member, locale, services } = ctx;
    const [verb, ...rest] = args;
    const word = verb?.toLowerCase() ?? "";
    if (SET.has(word)) {
      // "/target set" alone opens the form (a Slack modal, a Lark card, an HTML form).
      if (rest.length === 0) {
        const form = await targetForm.build({ ...ctx });
        return message([{ type: "section", text: `🎯 ${form.title}` }], { ephemeral: true, form });
      }
      return renderTargetSet(await services.targets.set(member, parseTargetArgs(rest, { requireTiers: true })), locale);
    }
    if (LIST.has(word)) {
      // "list" takes only a scope and a period: reuse the set grammar with a placeholder metric.
      const parsed = parseTargetArgs(["gmv", ...rest], { requireTiers: false });
      const { period, targets, labels } = await services.targets.list(member, parsed);
      const periodText = locale === "zh" ? period.labelZh : period.labelEn;
      if (targets.length === 0)
        return message([{ type: "section", text: t(locale, "target.none", { period: periodText }) }]);
      return message([
        { type: "header", text: `🎯 ${t(locale, "target.list_title", { period: periodText })}` },
        {
          type: "section",
          text: targets
            .map((target) => {
              const def = getMetric(target.metricKey);
              const unit = def?.unit ?? "count";
              const tiers = target.tiers
                .map((tier) => formatNumber(tier.value, { locale, unit, currency: target.currency ?? undefined }))
                .join(" / ");
              const name = (locale === "zh" ? def?.nameZh : def?.nameEn) ?? target.metricKey;
              return `${labels.get(target.id)} · ${name}: ${tiers} · ${t(locale, "target.weight", { weight: `${target.weight.mul(100).toFixed(0)}%` })}`;
            })
            .join("\n"),
        },
      ]);
    }
    if (CLEAR.has(word)) {
      const result = await services.targets.clear(member, parseTargetArgs(rest, { requireTiers: false }));
      return message([
        {
          type: "section",
          text: `🗑️ ${t(locale, "target.cleared", { scope: result.scope.label, period: locale === "zh" ? result.period.labelZh : result.period.labelEn })}`,
        },
      ]);
    }
    throw new UserError("target.unknown_verb", { verb: verb ?? "" }, TARGET_EXAMPLE);
  },
};

/** The confirmation of a target set, from the command or the form. */
export function renderTargetSet(result: SetResult, locale: Locale): OutgoingMessage {
  const def = getMetric(result.target.metricKey);
  const unit = def?.unit ?? "count";
  const currency = result.target.currency ?? undefined;
  const tiers = result.target.tiers
    .map((tier) => `${t(locale, `tier.${tier.name}`)} ${formatNumber(tier.value, { locale, unit, currency })}`)
    .join(" / ");
  const blocks: Block[] = [
    {
      type: "section",
      text: `🎯 ${t(locale, "target.set_done", {
        metric: (locale === "zh" ? def?.nameZh : def?.nameEn) ?? result.target.metricKey,
        scope: result.scope.label,
        period: locale === "zh" ? result.period.labelZh : result.period.labelEn,
      })}\n${tiers} · ${t(locale, "target.weight", { weight: `${result.target.weight.mul(100).toFixed(0)}%` })}`,
    },
  ];
  if (result.conversion) {
    const typed = result.conversion.typed
      .map((v) => formatNumber(v, { locale, unit, currency: result.conversion?.from }))
      .join(" / ");
    blocks.push({
      type: "context",
      text: t(locale, "target.converted", { typed, rateDate: result.conversion.rateDate }),
    });
  }
  return message(blocks);
}
