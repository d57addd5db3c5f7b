// Turns point scores into incidents, the unit people are alerted about: three bad days in a row are one alert,
// not three. Also answers the scan's daily question about the newest point: alert, still open, or recovered.
import { type DetectorOptions, isAnomalous, SEVERITY_RANK, type Severity, severityOf, thresholdOf } from "./options.js";

export interface Incident {
  /** First anomalous point. */
  startIndex: number;
  /** Last anomalous point (inclusive). */
  endIndex: number;
  /** The point with the largest |score|, and that score (signed). */
  peakIndex: number;
  peakScore: number;
  /** The worst severity among its points. */
  severity: Severity;
  direction: "up" | "down";
  /** Anomalous points in it; fewer than endIndex − startIndex + 1 when gaps were bridged. */
  anomalousPoints: number;
}

export type IncidentOptions = Pick<DetectorOptions, "sensitivity" | "direction" | "maxGap">;

/**
 * Merges anomalous points into incidents. Points of the same direction merge when at most `maxGap` points that
 * are not anomalous (quiet, missing or unscored) lie between them. A change of direction always starts a new
 * incident: a spike followed by a slump are two different stories. `score` is a SeriesScores.score (NaN = none).
 */
export function mergeIncidents(score: ArrayLike<number>, options: IncidentOptions): Incident[] {
  const threshold = thresholdOf(options.sensitivity);
  const incidents: Incident[] = [];
  let current: Incident | null = null;
  for (let i = 0; i < score.length; i++) {
    const z = score[i] as number;
    if (!isAnomalous(z, threshold, options.direction)) continue;
    const direction = z > 0 ? "up" : "down";
    const severity = severityOf(z, threshold) as Severity;
    if (current && current.direction === direction && i - current.endIndex - 1 <= options.maxGap) {
      current.endIndex = i;
      current.anomalousPoints++;
      if (Math.abs(z) > Math.abs(current.peakScore)) {
        current.peakIndex = i;
        current.peakScore = z;
      }
      if (SEVERITY_RANK[severity] > SEVERITY_RANK[current.severity]) current.severity = severity;
      continue;
    }
    current = { startIndex: i, endIndex: i, peakIndex: i, peakScore: z, severity, direction, anomalousPoints: 1 };
    incidents.push(current);
  }
  return incidents;
}

export interface LatestStatus {
  /** What the newest point says: anomalous, back within threshold, or no score (cold start or a missing value). */
  latest: "anomalous" | "normal" | "unscored";
  /**
   * The newest incident, if it contains the newest point or ended at most maxGap + 1 points before it (it could
   * still be extended, or has only just ended). Null when there is none that recent.
   */
  incident: Incident | null;
  /** The newest point is anomalous: its incident is open (post the alert, or update it). */
  open: boolean;
  /** The newest point is back within threshold right after an incident. */
  recovered: boolean;
  /**
   * Points since the incident's last anomalous point (0 while open). With recovered, 1 means "recovered today";
   * once it exceeds maxGap the incident can no longer be extended: it is closed for good.
   */
  quietPoints: number | null;
}

export function latestStatus(score: ArrayLike<number>, options: IncidentOptions): LatestStatus {
  const last = score.length - 1;
  const z = last >= 0 ? (score[last] as number) : Number.NaN;
  const threshold = thresholdOf(options.sensitivity);
  const latest = Number.isNaN(z) ? "unscored" : isAnomalous(z, threshold, options.direction) ? "anomalous" : "normal";
  // Incidents are rare, so merging the whole series is cheap and guarantees the same boundaries as the history.
  const newest = mergeIncidents(score, options).at(-1);
  const quiet = newest ? last - newest.endIndex : Number.POSITIVE_INFINITY;
  const incident = newest && quiet <= options.maxGap + 1 ? newest : null;
  return {
    latest,
    incident,
    open: latest === "anomalous",
    recovered: latest === "normal" && incident !== null,
    quietPoints: incident ? quiet : null,
  };
}
