// The grammar of "/target set|clear …": order-free words, e.g.
// "gmv month 40000/50000/65000 usd @sari weight 50%" or "退货率 本月 8%/6% 团队 ID-beauty".
import type { Decimal } from "decimal.js";
import { UserError } from "./errors.js";
import { findMetric, type MetricDefinition } from "./metrics.js";
import { isSupportedCurrency, MAX_MONEY, parsePercent, parseQuantity, withExample } from "./numbers.js";
import { parseWeight } from "./targets.js";
import { wordTable } from "./text.js";

export const TARGET_EXAMPLE = "/target set gmv month 40000/50000/65000 usd @sari weight 50%";

export type ScopeRef =
  | { kind: "member"; handle: string }
  | { kind: "team"; slug: string }
  | { kind: "market"; code: string };

export interface ParsedTarget {
  metric: MetricDefinition;
  /** "week" | "month" | "quarter" (the current one) or an explicit period text like "2026-12". */
  periodText: string;
  tiers: Decimal[] | null;
  currency: string | null;
  scope: ScopeRef | null;
  weight: Decimal | null;
}

const PERIOD_WORDS = wordTable<string>({
  week: "week",
  周: "week",
  本周: "week",
  month: "month",
  月: "month",
  本月: "month",
  quarter: "quarter",
  季度: "quarter",
  本季度: "quarter",
  "next-month": "next month",
});
const EXPLICIT_PERIOD = /^\d{4}-(\d{2}|w\d{1,2}|q[1-4])$/i;
const TEAM_WORDS = new Set(["team", "团队", "小组"]);
const MARKET_WORDS = new Set(["market", "市场"]);
const WEIGHT_WORDS = new Set(["weight", "权重"]);

/** A tier in the metric's unit: a percentage, an amount of money (up to MAX_MONEY) or a count (up to MAX_COUNT). */
function parseTier(token: string, metric: MetricDefinition): Decimal | null {
  if (metric.unit === "percent") return parsePercent(token) ?? null;
  const isMoney = metric.unit === "money" || metric.unit === "per_mille_money";
  return parseQuantity(token, isMoney ? { max: MAX_MONEY } : {});
}

export function parseTargetArgs(words: string[], options: { requireTiers: boolean }): ParsedTarget {
  return withExample(TARGET_EXAMPLE, () => readTargetArgs(words, options));
}

function readTargetArgs(words: string[], { requireTiers }: { requireTiers: boolean }): ParsedTarget {
  const [metricWord, ...rest] = words;
  const metric = metricWord ? findMetric(metricWord) : undefined;
  if (!metric) throw new UserError("error.unknown_metric", { metric: metricWord ?? "" }, TARGET_EXAMPLE);
  const parsed: ParsedTarget = { metric, periodText: "month", tiers: null, currency: null, scope: null, weight: null };
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    const lower = word.toLowerCase();
    const next = rest[i + 1];
    if (PERIOD_WORDS[lower] || EXPLICIT_PERIOD.test(word)) {
      parsed.periodText = PERIOD_WORDS[lower] ?? lower;
    } else if (word.startsWith("@") && word.length > 1) {
      parsed.scope = { kind: "member", handle: word.slice(1) };
    } else if (TEAM_WORDS.has(lower) && next) {
      parsed.scope = { kind: "team", slug: next };
      i++;
    } else if (MARKET_WORDS.has(lower) && next) {
      parsed.scope = { kind: "market", code: next.toUpperCase() };
      i++;
    } else if (WEIGHT_WORDS.has(lower)) {
      const weight = next ? parseWeight(next) : null;
      if (!weight) throw new UserError("target.bad_weight", { value: next ?? "" }, TARGET_EXAMPLE);
      parsed.weight = weight;
      i++;
    } else if (isSupportedCurrency(word.toUpperCase())) {
      parsed.currency = word.toUpperCase();
    } else if (parsed.tiers === null && /^[\d.,%kKmM万亿wW/]+$/.test(word)) {
      const values = word.split("/").map((part) => parseTier(part, metric));
      if (values.some((v) => v === null)) {
        throw new UserError(
          "error.bad_tiers",
          {},
          metric.unit === "percent" ? "/target set return_rate month 8%/6%/5% team ID-beauty" : TARGET_EXAMPLE,
        );
      }
      parsed.tiers = values as Decimal[];
    } else {
      throw new UserError("target.unknown_word", { word }, TARGET_EXAMPLE);
    }
  }
  if (requireTiers && !parsed.tiers) throw new UserError("error.bad_tiers", {}, TARGET_EXAMPLE);
  return parsed;
}
