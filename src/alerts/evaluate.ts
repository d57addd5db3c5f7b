// Turns one daily series into findings: the statistical detector (robust weekly-seasonal baseline) or a rule
// (threshold, % change against the same-weekday median with a volume floor). Both end as a signed score per day
// and go through the detector's incident merging, so "one alert per incident" means the same for both.
import { Decimal } from "decimal.js";
import { mergeIncidents } from "../domain/anomaly/incidents.js";
import { type DetectorOptions, isAnomalous, type Noise, thresholdOf } from "../domain/anomaly/options.js";
import { MAX_SCORE, scoreSeries } from "../domain/anomaly/score.js";
import { getMetric } from "../domain/metrics.js";
import type { AlertScope, Finding, Severity } from "./types.js";

export interface SeriesInput {
  scope: AlertScope;
  metricKey: string;
  dates: string[];
  numbers: Float64Array;
  exact: (Decimal | null)[];
}

export interface Evaluation {
  findings: Finding[];
  /** What the newest day says: still anomalous, back to normal, or unknown (no data or cold start). */
  latest: "anomalous" | "normal" | "unscored";
}

/** Only the bad direction alerts: GMV falling, return rate rising. Good news is the digest's job. */
export function badDirection(metricKey: string): "up" | "down" {
  return getMetric(metricKey)?.direction === "lower_better" ? "up" : "down";
}

function toFindings(
  input: SeriesInput,
  score: ArrayLike<number>,
  expected: (i: number) => string | null,
  options: { sensitivity: number; direction: "up" | "down" | "both"; maxGap: number },
  ruleId: string | null,
  recentFrom: number,
): Evaluation {
  const last = input.dates.length - 1;
  const findings: Finding[] = [];
  for (const incident of mergeIncidents(score, options)) {
    if (incident.endIndex < recentFrom) continue;
    findings.push({
      scope: input.scope,
      metricKey: input.metricKey,
      ruleId,
      startDate: input.dates[incident.startIndex] as string,
      endDate: input.dates[incident.endIndex] as string,
      peakDate: input.dates[incident.peakIndex] as string,
      direction: incident.direction,
      severity: incident.severity as Severity,
      observed: (input.exact[incident.peakIndex] ?? new Decimal(0)).toString(),
      expected: expected(incident.peakIndex),
      score: incident.peakScore,
      ongoing: incident.endIndex === last,
    });
  }
  const z = score[last] as number;
  const latest = Number.isNaN(z)
    ? "unscored"
    : isAnomalous(z, options.sensitivity, options.direction)
      ? "anomalous"
      : "normal";
  return { findings, latest };
}

/**
 * Counts (orders, items, videos: unit "count" in the registry) spread like counts at small numbers, so a shop's
 * 0–3 orders a day is judged with count noise; money, ratios and durations keep the continuous model.
 */
export function noiseOf(metricKey: string): Noise {
  return getMetric(metricKey)?.unit === "count" ? "count" : "continuous";
}

/** The statistical detector over a series; findings only for incidents that reach day `recentFrom` or later. */
export function detect(input: SeriesInput, detector: DetectorOptions, recentFrom: number): Evaluation {
  const direction = badDirection(input.metricKey);
  const scores = scoreSeries(input.numbers, { ...detector, direction, noise: noiseOf(input.metricKey) });
  const options = { sensitivity: thresholdOf(detector.sensitivity), direction, maxGap: detector.maxGap };
  const expected = (i: number) => {
    const e = scores.expected[i] as number;
    return Number.isNaN(e) ? null : new Decimal(e).toSignificantDigits(10).toString();
  };
  return toFindings(input, scores.score, expected, options, null, recentFrom);
}

export interface RuleSpec {
  id: string;
  kind: "threshold" | "pct_change";
  /** ">" / "<" for thresholds, "up" / "down" for % change. */
  operator: string;
  threshold: Decimal;
  /** % change rules: the baseline must be at least this (in the series' unit) for the rule to fire. */
  floor: Decimal | null;
}

/** Median of the same weekday over the previous four weeks: the baseline a "% change" rule compares with. */
export function weekdayMedian(exact: (Decimal | null)[], i: number, weeks = 4): Decimal | null {
  const values: Decimal[] = [];
  for (let k = 1; k <= weeks; k++) {
    const v = exact[i - 7 * k];
    if (v !== undefined && v !== null) values.push(v);
  }
  if (values.length < 2) return null;
  values.sort((a, b) => a.comparedTo(b));
  const mid = values.length >> 1;
  return values.length % 2
    ? (values[mid] as Decimal)
    : (values[mid - 1] as Decimal).plus(values[mid] as Decimal).div(2);
}

/**
 * A rule's score is "how many times the rule's limit": ≥ 1 fires, and the detector's severity cut-offs (1×, 1.5×,
 * 2.5× the threshold) read as "just over", "well over" and "far over" the limit.
 */
export function evaluateRule(input: SeriesInput, rule: RuleSpec, recentFrom: number): Evaluation {
  const n = input.exact.length;
  const score = new Float64Array(n).fill(Number.NaN);
  const baselines: (Decimal | null)[] = new Array(n).fill(null);
  const direction: "up" | "down" = rule.operator === ">" || rule.operator === "up" ? "up" : "down";
  for (let i = 0; i < n; i++) {
    const v = input.exact[i];
    if (v === null || v === undefined) continue;
    if (rule.kind === "threshold") {
      baselines[i] = rule.threshold;
      if (direction === "up")
        score[i] = rule.threshold.isZero() ? (v.gt(0) ? MAX_SCORE : 0) : v.div(rule.threshold).toNumber();
      else score[i] = v.isZero() ? -MAX_SCORE : -rule.threshold.div(v).toNumber();
      continue;
    }
    const base = weekdayMedian(input.exact, i);
    if (!base || base.lte(0) || (rule.floor && base.lt(rule.floor))) continue;
    baselines[i] = base;
    const change = v.minus(base).div(base);
    // Signed: a 45% fall against a 30% rule scores −1.5 (fires, "well over"); a rise scores positive (ignored).
    score[i] = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, change.div(rule.threshold).toNumber()));
  }
  const options = { sensitivity: 1, direction, maxGap: 1 };
  return toFindings(input, score, (i) => baselines[i]?.toString() ?? null, options, rule.id, recentFrom);
}
