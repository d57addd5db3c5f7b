// The grammar of "/alert add …": a threshold ("return_rate > 8%") or a % change against the same-weekday median
// with a volume floor ("gmv down 30% floor 500 usd"), then an optional scope ("team ID-beauty", "shop GizmoHub
// Deals", "@sari"). Chinese words work too: "/alert add 退货率 > 8%", "/alert add gmv 下降 30% 底线 500 usd".
import type { Decimal } from "decimal.js";
import { UserError } from "./errors.js";
import { findMetric, type MetricDefinition } from "./metrics.js";
import { type CurrencyCode, MAX_MONEY, parseMoney, parsePercent, parseQuantity, withExample } from "./numbers.js";
import { wordTable } from "./text.js";

export const ALERT_EXAMPLES = {
  threshold: "/alert add return_rate > 8% team ID-beauty",
  change: "/alert add gmv down 30% floor 500 usd team UK-gadgets",
  snooze: "/alert snooze a1b2c3 12h",
  mute: "/alert mute return_rate 24h",
  remove: "/alert remove r1x2y3",
  sensitivity: "/alert sensitivity high",
} as const;

export type AlertScopeRef =
  | { kind: "team"; ref: string }
  | { kind: "shop"; ref: string }
  | { kind: "member"; ref: string };

export type ParsedRule =
  | {
      kind: "threshold";
      metric: MetricDefinition;
      operator: ">" | "<";
      threshold: Decimal;
      scope: AlertScopeRef | null;
    }
  | {
      kind: "pct_change";
      metric: MetricDefinition;
      operator: "up" | "down";
      /** Fraction: 0.3 for 30%. */
      threshold: Decimal;
      floor: { amount: Decimal; currency: CurrencyCode | null } | null;
      scope: AlertScopeRef | null;
    };

const OPERATORS = wordTable<">" | "<">({
  ">": ">",
  ">=": ">",
  above: ">",
  over: ">",
  高于: ">",
  超过: ">",
  大于: ">",
  "<": "<",
  "<=": "<",
  below: "<",
  under: "<",
  低于: "<",
  小于: "<",
});
const DIRECTIONS = wordTable<"up" | "down">({
  up: "up",
  rise: "up",
  rises: "up",
  上升: "up",
  上涨: "up",
  涨: "up",
  down: "down",
  drop: "down",
  drops: "down",
  fall: "down",
  falls: "down",
  下降: "down",
  下跌: "down",
  跌: "down",
});
const FLOOR_WORDS = new Set(["floor", "min", "minimum", "baseline", "底线", "最低"]);
/** Words that only make the sentence read well: "gmv down 30% vs weekday". */
const FILLER = new Set(["vs", "versus", "against", "weekday", "same-weekday", "对比", "同比"]);
const SCOPE_WORDS = wordTable<"team" | "shop">({
  team: "team",
  团队: "team",
  小组: "team",
  shop: "shop",
  店铺: "shop",
});

/** Splits "return_rate>8%" into words the way people mean them. */
function words(text: string): string[] {
  return text
    .replace(/(>=|<=|>|<)/g, " $1 ")
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function parseScope(rest: string[]): AlertScopeRef | null {
  if (rest.length === 0) return null;
  const [first, ...tail] = rest as [string, ...string[]];
  if (first.startsWith("@") && tail.length === 0) return { kind: "member", ref: first.slice(1) };
  const kind = SCOPE_WORDS[first.toLowerCase()];
  if (kind && tail.length > 0) return { kind, ref: tail.join(" ") };
  throw new UserError("alert.bad_scope", { text: rest.join(" ") }, ALERT_EXAMPLES.threshold);
}

export function parseRule(text: string): ParsedRule {
  // A bound hit inside the number parser gets the threshold example; a change or floor rule has its own below.
  return withExample(ALERT_EXAMPLES.threshold, () => readRule(text));
}

function readRule(text: string): ParsedRule {
  const all = words(text);
  const metricWord = all[0];
  if (!metricWord) throw new UserError("alert.rule_missing", {}, ALERT_EXAMPLES.threshold);
  const metric = findMetric(metricWord);
  if (!metric) throw new UserError("alert.unknown_metric", { metric: metricWord }, ALERT_EXAMPLES.threshold);
  const opWord = (all[1] ?? "").toLowerCase();
  const valueWord = all[2];

  const operator = OPERATORS[opWord];
  if (operator) {
    if (!valueWord) throw new UserError("alert.rule_missing", {}, ALERT_EXAMPLES.threshold);
    const isMoney = metric.unit === "money" || metric.unit === "per_mille_money";
    const threshold =
      metric.unit === "percent" ? parsePercent(valueWord) : parseQuantity(valueWord, isMoney ? { max: MAX_MONEY } : {});
    if (!threshold) {
      const key = metric.unit === "percent" ? "alert.bad_percent" : "alert.bad_number";
      throw new UserError(key, { value: valueWord }, ALERT_EXAMPLES.threshold);
    }
    // A money threshold may carry its currency ("gmv < 500 usd"); it is stored in the team's currency, so only
    // the team's own currency word is accepted (the service checks it), not converted silently.
    let rest = all.slice(3);
    if (metric.unit === "money" && rest[0] && parseMoney([valueWord, rest[0]])?.currency) rest = rest.slice(1);
    return { kind: "threshold", metric, operator, threshold, scope: parseScope(rest) };
  }

  const direction = DIRECTIONS[opWord];
  if (direction) {
    const threshold = valueWord ? withExample(ALERT_EXAMPLES.change, () => parsePercent(valueWord)) : null;
    if (!threshold || threshold.isZero()) {
      throw new UserError("alert.bad_change", { value: valueWord ?? "" }, ALERT_EXAMPLES.change);
    }
    let rest = all.slice(3).filter((w) => !FILLER.has(w.toLowerCase()));
    let floor: { amount: Decimal; currency: CurrencyCode | null } | null = null;
    if (rest[0] && FLOOR_WORDS.has(rest[0].toLowerCase())) {
      const [amountWord = "", currencyWord] = rest.slice(1);
      const two = currencyWord
        ? withExample(ALERT_EXAMPLES.change, () => parseMoney([amountWord, currencyWord]))
        : null;
      const one = withExample(ALERT_EXAMPLES.change, () => parseMoney([amountWord]));
      const money = two ?? one;
      if (!money) throw new UserError("alert.bad_floor", { value: rest.slice(1, 3).join(" ") }, ALERT_EXAMPLES.change);
      floor = { amount: money.amount, currency: money.currency ?? null };
      rest = rest.slice(two ? 3 : 2);
    }
    return { kind: "pct_change", metric, operator: direction, threshold, floor, scope: parseScope(rest) };
  }
  throw new UserError("alert.bad_operator", { value: opWord }, ALERT_EXAMPLES.threshold);
}

const UNITS = wordTable<number>({
  m: 1,
  min: 1,
  h: 60,
  hr: 60,
  hour: 60,
  hours: 60,
  小时: 60,
  d: 1440,
  day: 1440,
  days: 1440,
  天: 1440,
});

/** "12h", "30m", "1d", "2天" → minutes; null when not a duration. */
export function parseSnooze(token: string | undefined): number | null {
  if (!token) return null;
  const m = /^(\d{1,4})\s*([a-z\u4e00-\u9fff]+)$/i.exec(token.trim());
  if (!m) return null;
  const unit = UNITS[(m[2] as string).toLowerCase()];
  const n = Number(m[1]);
  if (!unit || n <= 0) return null;
  const minutes = n * unit;
  return minutes <= 30 * 1440 ? minutes : null;
}
