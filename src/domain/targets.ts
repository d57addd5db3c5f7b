// Stepped targets (base / stretch / challenge), attainment, pacing and period-end projections.
// Named import: under NodeNext the default import resolves to the CJS module object and does not type-check.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { MetricAggregation, MetricDirection } from "./metrics.js";
import { parsePercent } from "./numbers.js";
import { datesOf, daysInPeriod, elapsedDays, type Period } from "./periods.js";

export type TierName = "base" | "stretch" | "challenge";
export interface TierSpec {
  name: TierName;
  value: Decimal;
}
export interface DailyValue {
  /** ISO date yyyy-MM-dd in the team's zone. */
  date: string;
  value: Decimal;
}

const TIER_NAMES: readonly TierName[] = ["base", "stretch", "challenge"];

export type TierError = "too_many_tiers" | "no_tiers" | "not_increasing" | "not_decreasing" | "not_positive";

/**
 * Tiers must get harder in the metric's good direction: 40k/50k/65k GMV, or 8%/6%/5% return rate.
 * Non-positive values are refused: a zero tier makes attainment a division by zero.
 */
export function validateTiers(
  values: Decimal[],
  direction: MetricDirection,
): { ok: true; tiers: TierSpec[] } | { ok: false; error: TierError } {
  if (values.length === 0) return { ok: false, error: "no_tiers" };
  if (values.length > TIER_NAMES.length) return { ok: false, error: "too_many_tiers" };
  if (values.some((v) => !v.isFinite() || !v.isPositive() || v.isZero())) return { ok: false, error: "not_positive" };
  for (let i = 1; i < values.length; i++) {
    const [prev, cur] = [values[i - 1] as Decimal, values[i] as Decimal];
    if (direction === "higher_better" && !cur.gt(prev)) return { ok: false, error: "not_increasing" };
    if (direction === "lower_better" && !cur.lt(prev)) return { ok: false, error: "not_decreasing" };
  }
  return { ok: true, tiers: values.map((value, i) => ({ name: TIER_NAMES[i] as TierName, value })) };
}

/** "50%" → 0.5. Only the percent form, in (0, 100%]: a bare "50" or "0.5" would be a guess. */
export function parseWeight(token: string): Decimal | null {
  const w = parsePercent(token);
  return w?.gt(0) && w.lte(1) ? w : null;
}

/**
 * A lower-is-better metric at zero (no returns at all) would have infinite attainment; this keeps
 * it finite and printable while staying far above any tier.
 */
export const ATTAINMENT_CEILING = 10;

export interface TargetInput {
  direction: MetricDirection;
  tiers: TierSpec[];
  actual: Decimal;
  period: Period;
  /** The team's local date; days through today count as elapsed. */
  today: string;
  dailyActuals: DailyValue[];
  /** Earlier days, used only for the weekday pattern. Dates without an entry count as zero. */
  history?: DailyValue[];
  /** Defaults to "sum". Ratio and max metrics do not accumulate, so they get no pace or projection. */
  aggregation?: MetricAggregation;
}

export interface TierPace {
  tier: TierSpec;
  /** Per remaining day: for higher_better what is still needed (0 once reached); for lower_better
   * the most that still keeps within the tier. null when no days remain. */
  neededPerDay: Decimal | null;
}

export interface TargetEvaluation {
  /** actual ÷ base tier (lower_better: base ÷ actual), as a fraction. */
  attainment: number;
  tierReached: TierSpec | null;
  nextTier: TierSpec | null;
  pace: TierPace[];
  /** actual ÷ elapsed days × total days. */
  projectedRunRate: Decimal;
  /** actual plus, for each remaining day, the average of that weekday so far (run rate if unseen). */
  projectedWeekdayAdjusted: Decimal;
  /** Tier reached by the weekday-adjusted projection: the better forecast for shops with weekend peaks. */
  projectedTier: TierSpec | null;
  /** The base tier is projected to be reached. */
  onTrack: boolean;
}

function meets(value: Decimal, tier: TierSpec, direction: MetricDirection): boolean {
  return direction === "higher_better" ? value.gte(tier.value) : value.lte(tier.value);
}

/** The hardest tier `value` meets; tiers are ordered easiest first. */
function bestTier(value: Decimal, tiers: TierSpec[], direction: MetricDirection): TierSpec | null {
  let best: TierSpec | null = null;
  for (const t of tiers) if (meets(value, t, direction)) best = t;
  return best;
}

function attainmentOf(actual: Decimal, base: Decimal, direction: MetricDirection): number {
  if (direction === "higher_better") return actual.div(base).toNumber();
  if (!actual.isPositive() || actual.isZero()) return ATTAINMENT_CEILING;
  return Math.min(ATTAINMENT_CEILING, base.div(actual).toNumber());
}

function weekday(date: string): number {
  return DateTime.fromISO(date, { zone: "utc" }).weekday;
}

/**
 * Average value per ISO weekday (1 = Monday) over every date from the earliest known day through
 * the last elapsed day. A date without a fact is a zero day, as in the fact store.
 */
function weekdayAverages(input: TargetInput): Map<number, Decimal> {
  const values = new Map<string, Decimal>();
  for (const d of input.history ?? []) values.set(d.date, d.value);
  for (const d of input.dailyActuals) values.set(d.date, d.value);
  // ISO dates sort as strings; the earliest known day starts the sample, the last elapsed day ends it.
  const lastElapsed = [input.today, input.period.end].sort()[0] as string;
  const first = [...values.keys(), input.period.start].sort()[0] as string;
  const sums = new Map<number, { total: Decimal; n: number }>();
  if (lastElapsed < first) return new Map();
  for (const date of datesOf({ ...input.period, start: first, end: lastElapsed })) {
    const wd = weekday(date);
    const acc = sums.get(wd) ?? { total: new Decimal(0), n: 0 };
    sums.set(wd, { total: acc.total.plus(values.get(date) ?? 0), n: acc.n + 1 });
  }
  return new Map([...sums].map(([wd, { total, n }]) => [wd, total.div(n)]));
}

export function evaluateTarget(input: TargetInput): TargetEvaluation {
  const { direction, tiers, actual, period, today } = input;
  const base = tiers[0];
  if (!base) throw new Error("evaluateTarget: no tiers (validate them with validateTiers first)");
  const tierReached = bestTier(actual, tiers, direction);
  const nextTier = tiers[tierReached ? tiers.indexOf(tierReached) + 1 : 0] ?? null;
  const attainment = attainmentOf(actual, base.value, direction);

  if ((input.aggregation ?? "sum") !== "sum") {
    // A rate does not accumulate towards the period end: today's value is the best forecast.
    return {
      attainment,
      tierReached,
      nextTier,
      pace: [],
      projectedRunRate: actual,
      projectedWeekdayAdjusted: actual,
      projectedTier: tierReached,
      onTrack: tierReached !== null,
    };
  }

  const total = daysInPeriod(period);
  const elapsed = elapsedDays(period, today);
  const remainingDates = datesOf(period).filter((d) => d > today);
  const remaining = remainingDates.length;

  const pace = tiers.map((tier): TierPace => {
    if (remaining === 0) return { tier, neededPerDay: null };
    // The same gap reads two ways: still needed (higher_better) or still allowed (lower_better).
    return { tier, neededPerDay: Decimal.max(tier.value.minus(actual), 0).div(remaining) };
  });

  const perDay = elapsed > 0 ? actual.div(elapsed) : new Decimal(0);
  // Multiply before dividing: 52,000 ÷ 30 × 30 would come back as 51,999.999…
  const projectedRunRate = elapsed > 0 ? actual.mul(total).div(elapsed) : actual;
  const averages = weekdayAverages(input);
  const projectedWeekdayAdjusted = remainingDates.reduce(
    (sum, d) => sum.plus(averages.get(weekday(d)) ?? perDay),
    actual,
  );
  const projectedTier = bestTier(projectedWeekdayAdjusted, tiers, direction);
  return {
    attainment,
    tierReached,
    nextTier,
    pace,
    projectedRunRate,
    projectedWeekdayAdjusted,
    projectedTier,
    onTrack: projectedTier !== null,
  };
}

/** Per-item attainment is capped here so one runaway KPI (400% on a minor metric) cannot hide
 * misses on the others; 1.5 is the top of a typical challenge tier. Negatives count as zero. */
export const COMPOSITE_CAP = 1.5;

/** Weighted average of capped attainment; weights are normalised to their sum. Empty → 0. */
export function compositeScore(items: { attainment: number; weight: Decimal }[]): number {
  const used = items.filter((i) => i.weight.isFinite() && i.weight.gt(0));
  const totalWeight = used.reduce((s, i) => s.plus(i.weight), new Decimal(0));
  if (totalWeight.isZero()) return 0;
  const weighted = used.reduce((s, i) => {
    const a = Number.isNaN(i.attainment) ? 0 : Math.min(COMPOSITE_CAP, Math.max(0, i.attainment));
    return s.plus(i.weight.mul(a));
  }, new Decimal(0));
  return weighted.div(totalWeight).toNumber();
}
