// The two detectors the anomaly benchmark compares, configured once per data set from the scan's daily defaults:
// ours (src/domain/anomaly/) and a plain 3-sigma detector, both merged into incidents the same way.
import { type Incident, type IncidentOptions, mergeIncidents } from "../../src/domain/anomaly/incidents.js";
import { DEFAULT_DAILY_DETECTOR, type DetectorOptions } from "../../src/domain/anomaly/options.js";
import { createScorer, MAX_SCORE } from "../../src/domain/anomaly/score.js";
import type { DataSet } from "./sets.js";

/** The alert scan's floor for orders (MIN_SCALE in src/alerts/scan.ts): count sets are scanned like orders. */
const COUNT_MIN_SCALE = 1;
const DAY_SECONDS = 86_400;

/**
 * The daily defaults on a finer grid: a day of points is the cycle (as a week of days is for daily data), four
 * cycles of errors the pooled spread (as 28 days are), the same seasons, floors, sensitivity and incident gap.
 * Count sets get count noise and the orders floor, as the scan gives orders; nothing depends on the file.
 */
export function detectorFor(set: DataSet): DetectorOptions {
  const period = Math.round(DAY_SECONDS / set.stepSeconds);
  return {
    ...DEFAULT_DAILY_DETECTOR,
    period,
    residualWindow: 4 * period,
    noise: set.noise,
    minScale: set.noise === "count" ? COUNT_MIN_SCALE : DEFAULT_DAILY_DETECTOR.minScale,
  };
}

/** The points the 3-sigma detector averages over, and how many it needs before its first score. */
export function threeSigmaSpan(o: DetectorOptions): { span: number; minPoints: number } {
  // The same history ours looks at (seasons cycles), and the same cold start: ours scores from the cycle after
  // minSeasons cycles of history (that cycle measures its errors), so 3-sigma does too. A detector allowed to
  // alert a cycle earlier would be judged on points the other one never sees.
  return { span: o.seasons * o.period, minPoints: (o.minSeasons + 1) * o.period };
}

/**
 * The plain 3-sigma detector: z = (x − mean) / sd of the trailing `span` points (missing ones skipped), no
 * score until `minPoints` of them exist. Running sums make it O(1) per point: the fair "simple" baseline for speed.
 */
export function createThreeSigma(span: number, minPoints: number) {
  let buf = new Float64Array(0);
  return (values: ArrayLike<number>): Float64Array => {
    const n = values.length;
    if (buf.length < n) buf = new Float64Array(n);
    const z = buf.subarray(0, n);
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let t = 0; t < n; t++) {
      if (t > 0) {
        const added = values[t - 1] as number;
        if (added - added === 0) {
          sum += added;
          sumSq += added * added;
          count++;
        }
      }
      if (t - 1 - span >= 0) {
        const dropped = values[t - 1 - span] as number;
        if (dropped - dropped === 0) {
          sum -= dropped;
          sumSq -= dropped * dropped;
          count--;
        }
      }
      const x = values[t] as number;
      if (count < minPoints || x - x !== 0) {
        z[t] = Number.NaN;
        continue;
      }
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, (sumSq - sum * mean) / (count - 1)));
      const diff = x - mean;
      const raw = sd > 0 ? diff / sd : diff === 0 ? 0 : Math.sign(diff) * MAX_SCORE;
      z[t] = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, raw));
    }
    return z;
  };
}

export interface Detector {
  name: string;
  incidents(values: Float64Array): Incident[];
}

/** Ours and 3-sigma for one configuration; the same direction and incident gap for both. */
export function detectors(o: DetectorOptions): [Detector, Detector] {
  const scorer = createScorer(o);
  const { span, minPoints } = threeSigmaSpan(o);
  const sigma = createThreeSigma(span, minPoints);
  const sigmaIncidents: IncidentOptions = { sensitivity: 3, direction: o.direction, maxGap: o.maxGap };
  return [
    { name: "seasonal (ours)", incidents: (v) => mergeIncidents(scorer.score(v).score, o) },
    { name: "3-sigma", incidents: (v) => mergeIncidents(sigma(v), sigmaIncidents) },
  ];
}
