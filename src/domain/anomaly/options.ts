// Settings of the seasonal anomaly detector, the named sensitivity levels, and the severity cut-offs.
// Kept apart from the arithmetic so the alert service (and a team's settings screen) can read and check them
// without pulling in the scoring loop.
import { MAX_OVERDISPERSION } from "./counts.js";

export type Direction = "up" | "down" | "both";
export type Sensitivity = "low" | "medium" | "high";
export type Severity = "warning" | "major" | "critical";
/**
 * What kind of noise the series carries. "continuous": money, ratios, durations: the spread is whatever the
 * history shows. "count": whole things (orders, items, videos): the spread is also at least that of counting
 * (see counts.ts), so a small integer excursion on a small series is not an incident.
 */
export type Noise = "continuous" | "count";

/**
 * Robust z thresholds for the named levels. "medium" (4) is the default: with the detector's conservative scale
 * (see score.ts) a normal day rarely passes 3, and 4 keeps a team channel to a few alerts a quarter per metric.
 * "high" catches smaller moves for metrics people watch closely; "low" only shouts about the obvious.
 */
export const SENSITIVITY_THRESHOLDS: Readonly<Record<Sensitivity, number>> = Object.freeze({
  low: 6,
  medium: 4,
  high: 3,
});

/**
 * Severity is |z| measured in thresholds, so it means the same at every sensitivity:
 * warning from 1× the threshold, major from 1.5×, critical from 2.5× (at "medium": 4, 6 and 10).
 */
export const SEVERITY_MULTIPLIERS: Readonly<Record<Severity, number>> = Object.freeze({
  warning: 1,
  major: 1.5,
  critical: 2.5,
});

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ warning: 1, major: 2, critical: 3 });

/** A year of weeks: a longer memory would no longer follow a business that grows or shrinks. */
export const MAX_SEASONS = 52;

export interface DetectorOptions {
  /** Length of one seasonal cycle in points: 7 for daily data (weekly rhythm), 24 for hourly data. */
  period: number;
  /** K: how many earlier cycles feed the baseline (t−P … t−K·P). */
  seasons: number;
  /**
   * Cold start: no score until at least this many same-phase values (not missing) exist, and then one more cycle
   * while the spread of real forecast errors is measured (see score.ts).
   */
  minSeasons: number;
  /** A named level or a robust z threshold (> 0). */
  sensitivity: Sensitivity | number;
  direction: Direction;
  /** How many recent forecast errors (any phase) feed the pooled spread. */
  residualWindow: number;
  /** The spread is at least this fraction of |expected|: a flat history must not make every wiggle an alert. */
  relativeFloor: number;
  /** The spread is at least this, in the metric's unit (e.g. 1 order), for series that sit at or near zero. */
  minScale: number;
  /** Incidents: anomalous points separated by at most this many non-anomalous (or missing) points merge. */
  maxGap: number;
  /** "count" adds the count-noise test (counts.ts) to the robust z; "continuous" is the robust z alone. */
  noise: Noise;
  /**
   * Count noise only: negative-binomial overdispersion φ (variance λ + φλ²); 0 is Poisson. The robust z already
   * measures the burstiness a history shows, so φ is for a floor above Poisson known in advance, not for tuning.
   */
  overdispersion: number;
}

/**
 * Daily KPIs (GMV, orders, ROI, return rate, CTR, CVR per team, shop and member):
 * - period 7: shops sell by weekday, so Monday is compared with earlier Mondays;
 * - 6 seasons: six weeks is long enough for a median to shrug off one bad week, short enough to follow a trend;
 * - 3 seasons minimum: three weeks of history for a baseline, a fourth to measure its errors: first alert on day 29;
 * - residual window 28: four weeks of forecast errors give a spread that does not hinge on any one weekday;
 * - relative floor 5%: a 20% move (4 × 5%) is the smallest that can alert at "medium", whatever the history;
 * - max gap 1: a single quiet day inside a bad stretch does not split it into two alerts;
 * - continuous noise, Poisson when a caller says "count": the alert service picks the noise per metric
 *   (src/alerts/evaluate.ts), and a Poisson floor assumes nothing about a shop's burstiness that its own
 *   history does not show through the robust z.
 */
export const DEFAULT_DAILY_DETECTOR: Readonly<DetectorOptions> = Object.freeze({
  period: 7,
  seasons: 6,
  minSeasons: 3,
  sensitivity: "medium",
  direction: "both",
  residualWindow: 28,
  relativeFloor: 0.05,
  minScale: 0,
  maxGap: 1,
  noise: "continuous",
  overdispersion: 0,
});

export function thresholdOf(sensitivity: Sensitivity | number): number {
  return typeof sensitivity === "number" ? sensitivity : SENSITIVITY_THRESHOLDS[sensitivity];
}

/** The severity of a score, or null when it is inside the threshold (or missing). */
export function severityOf(score: number, threshold: number): Severity | null {
  const size = Math.abs(score);
  if (!(size >= threshold)) return null;
  if (size >= threshold * SEVERITY_MULTIPLIERS.critical) return "critical";
  if (size >= threshold * SEVERITY_MULTIPLIERS.major) return "major";
  return "warning";
}

/** Whether a score passes the threshold in the direction asked for. NaN (no score) never does. */
export function isAnomalous(score: number, threshold: number, direction: Direction): boolean {
  if (direction === "up") return score >= threshold;
  if (direction === "down") return score <= -threshold;
  return Math.abs(score) >= threshold;
}

const isWhole = (n: number, min: number) => Number.isInteger(n) && n >= min;

/** Throws on settings that would make the detector silently wrong (a typo in a team's config, say). */
export function checkOptions(o: DetectorOptions): void {
  const problems: string[] = [];
  if (!isWhole(o.period, 1)) problems.push(`period must be a whole number ≥ 1, got ${o.period}`);
  if (!isWhole(o.seasons, 1) || o.seasons > MAX_SEASONS) problems.push(`seasons must be 1–${MAX_SEASONS}`);
  if (!isWhole(o.minSeasons, 1) || o.minSeasons > o.seasons) problems.push("minSeasons must be 1–seasons");
  const threshold = thresholdOf(o.sensitivity);
  if (!(threshold > 0) || !Number.isFinite(threshold)) problems.push(`sensitivity must be > 0, got ${o.sensitivity}`);
  if (o.direction !== "up" && o.direction !== "down" && o.direction !== "both") problems.push("bad direction");
  if (!isWhole(o.residualWindow, 0)) problems.push("residualWindow must be a whole number ≥ 0");
  if (!(o.relativeFloor >= 0) || !Number.isFinite(o.relativeFloor)) problems.push("relativeFloor must be ≥ 0");
  if (!(o.minScale >= 0) || !Number.isFinite(o.minScale)) problems.push("minScale must be ≥ 0");
  if (!isWhole(o.maxGap, 0)) problems.push("maxGap must be a whole number ≥ 0");
  if (o.noise !== "continuous" && o.noise !== "count") problems.push(`noise must be continuous or count`);
  if (!(o.overdispersion >= 0 && o.overdispersion < MAX_OVERDISPERSION)) {
    problems.push(`overdispersion must be 0 ≤ φ < ${MAX_OVERDISPERSION.toFixed(3)}, got ${o.overdispersion}`);
  }
  if (problems.length > 0) throw new RangeError(`anomaly detector options: ${problems.join("; ")}`);
}
