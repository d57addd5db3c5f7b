// Scores each point of a KPI series against a robust seasonal baseline. Pure arithmetic on JS numbers: no I/O,
// no dates (the caller puts the series on a regular grid, NaN for a missing point), no Decimal (a z score does
// not need exact cents).
//
// For point t with period P and K seasons:
//   expected = median of the same-phase history x[t−P], x[t−2P], … x[t−K·P], missing values skipped.
//     Same phase, so a Saturday is compared with Saturdays and a strong weekend is not news. A median, not a
//     mean, so one bad week (an outage, a viral day) in the history neither drags the baseline nor hides the next
//     anomaly: with K values it takes ⌈K/2⌉ bad ones to move it.
//   scale = the largest of
//     - 1.4826 × MAD of those same-phase values: how much this weekday usually varies;
//     - 1.4826 × median of recent |forecast errors| relative to their expected value, times |expected|: the
//       spread of the actual predictions over the last `residualWindow` points of any phase. Three or four
//       same-phase values can agree by chance and give a tiny MAD; the pooled errors cannot, and they also carry
//       the error of the median itself. Kept relative to the level because business noise is multiplicative
//       (a weekend twice as big wobbles twice as much); counts measure them in max(√(λ + φλ²), relativeFloor·λ)
//       instead, the error of a count (see createScorer);
//     - relativeFloor × |expected|: a perfectly flat history must not turn every wiggle into an alert;
//     - minScale: the same for series that sit at zero, in the metric's own unit.
//     The largest, because each of them alone can be too small by accident and a missed 5% wobble costs less
//     than a channel that cries wolf.
//   score = (x[t] − expected) / scale, a signed robust z, clipped to ±MAX_SCORE.
// Count noise (options.noise "count": orders, items, videos): the score may not exceed what the count itself says
// on a variance-stabilised scale (counts.ts), which is where the count spread √(λ + φλ²) at the phase's mean rate λ
// comes in: the day is an incident only when the robust z AND the count test both pass the threshold. Both,
// because each alone fails somewhere: the robust z calls 4 orders against {1, 1, 1, 2} a catastrophe, and the
// count test alone would page on every busy Saturday of a shop whose weekends are twice its weekdays. The spread
// enters through the count test rather than as one more floor under the robust scale: a floor of √λ would be
// measured in normal units, too wide in the lower tail and too narrow in the upper one at small λ, and it would
// count the same doubt twice. λ is the mean of the same-phase values, not their median: for small counts the
// median is biased low (Mondays of 0, 0, 0, 0, 1 and 3 orders have a median of 0 but a rate of 2/3), and a rate
// inflated by an earlier spike only makes the count test more cautious for the few cycles it stays in the window.
// Cold start: no score (NaN) while fewer than minSeasons same-phase values exist, and then for one more cycle
// (min(period, residualWindow) points with a baseline and a value), during which the forecast errors are measured
// but not judged. Without that cycle the first scores rest on three same-weekday values alone, which agree by
// chance often enough to raise false alerts on day 22 of a new series. For daily data the first score is on day
// 29 (minSeasons 3 + 1 weeks). No score either when x[t] itself is missing.

import { countScore, countSpread } from "./counts.js";
import { checkOptions, type DetectorOptions, isAnomalous, type Severity, severityOf, thresholdOf } from "./options.js";
import { MAD_TO_SIGMA, SlidingMedian } from "./robust.js";

/** A move from a perfectly flat zero history would be infinite; JSON cannot carry Infinity, so it stops here. */
export const MAX_SCORE = 1000;

/** Scores of one series, point by point. NaN marks "no value": cold start, or the point itself missing. */
export interface SeriesScores {
  /** The baseline (median of the same-phase history); NaN during cold start. */
  expected: Float64Array;
  /** The robust spread the score is measured in; NaN during cold start. */
  scale: Float64Array;
  /** Signed robust z: (value − expected) / scale; NaN when there is no score. */
  score: Float64Array;
}

/** One point, for messages ("GMV 4,100 vs usual 1,020"). Nulls instead of NaN. */
export interface PointScore {
  index: number;
  value: number | null;
  expected: number | null;
  scale: number | null;
  score: number | null;
  anomalous: boolean;
  severity: Severity | null;
}

/** Scores many series one after another, reusing its buffers: the fast path for the alert scan. */
export interface Scorer {
  /** The arrays returned are this scorer's own and are overwritten by the next call: copy what you keep. */
  score(values: ArrayLike<number>): SeriesScores;
}

// True for every number except NaN and ±Infinity, without a call.
const finite = (x: number) => x - x === 0;

export function createScorer(options: DetectorOptions): Scorer {
  checkOptions(options);
  const { period, seasons, minSeasons, relativeFloor, minScale, residualWindow, overdispersion } = options;
  const counts = options.noise === "count";
  // Counts pool their forecast errors in units of max(√(λ + φλ²), relativeFloor·λ) rather than of λ: at small
  // numbers the error of a count grows like √λ, not λ, and dividing it by a level of 0.5 or 1 blows one unlucky day
  // up to a "100% error" that then widens every phase (a shop swinging 0–3 around 2.5 would need 16 orders to
  // alert). From λ = 1 / relativeFloor² on (400 at 5%, φ = 0) the unit is proportional to the level again, so a
  // busy shop's errors pool exactly as they did before counts had a mode of their own.
  // Errors to measure before judging any: one per phase (or the whole window, if it is shorter).
  const warmup = Math.min(period, residualWindow);
  // One window per phase (weekday, for daily data), holding that phase's last K values as they slide.
  const phases = Array.from({ length: period }, () => new SlidingMedian(seasons));
  const residuals = new SlidingMedian(residualWindow);
  // Grown to the longest series seen; each call returns views of exactly its series' length.
  let capacity = 0;
  let expectedBuf = new Float64Array(0);
  let scaleBuf = new Float64Array(0);
  let scoreBuf = new Float64Array(0);

  return {
    score(values) {
      const n = values.length;
      if (capacity < n) {
        capacity = n;
        expectedBuf = new Float64Array(n);
        scaleBuf = new Float64Array(n);
        scoreBuf = new Float64Array(n);
      }
      const expected = expectedBuf.subarray(0, n);
      const scale = scaleBuf.subarray(0, n);
      const score = scoreBuf.subarray(0, n);
      residuals.clear();
      for (const w of phases) w.clear();
      // Points so far with a baseline and a value; counted apart from `residuals`, which skips zero baselines,
      // so that a series sitting at zero still leaves its cold start.
      let measured = 0;
      for (let t = 0, phase = 0; t < n; t++, phase = phase + 1 === period ? 0 : phase + 1) {
        // The phase's window moves on by one cycle: x[t−P] comes in, x[t−(K+1)·P] drops out.
        const history = phases[phase] as SlidingMedian;
        if (t >= period) history.push(values[t - period] as number);
        if (history.size < minSeasons) {
          expected[t] = Number.NaN;
          scale[t] = Number.NaN;
          score[t] = Number.NaN;
          continue;
        }
        const center = history.median();
        const level = Math.abs(center);
        // The unit forecast errors are pooled in: the level (multiplicative noise), or for counts their spread.
        const unit = counts ? Math.max(countSpread(level, overdispersion), relativeFloor * level) : level;
        let s = MAD_TO_SIGMA * history.mad(center);
        if (residuals.size > 0) s = Math.max(s, MAD_TO_SIGMA * residuals.median() * unit);
        s = Math.max(s, relativeFloor * level, minScale);
        const rate = counts ? history.mean() : 0;
        expected[t] = center;
        scale[t] = s;

        const x = values[t] as number;
        if (!finite(x)) {
          score[t] = Number.NaN;
          continue;
        }
        const diff = x - center;
        let z = s > 0 ? diff / s : diff === 0 ? 0 : Math.sign(diff) * MAX_SCORE;
        if (counts) {
          // The weaker of the two opinions, in the robust z's direction; if the count test points the other way
          // (x between the median and the mean rate), the day is unremarkable.
          const c = countScore(x, rate, overdispersion);
          z = z > 0 ? Math.min(z, Math.max(c, 0)) : z < 0 ? Math.max(z, Math.min(c, 0)) : 0;
        }
        score[t] = measured < warmup ? Number.NaN : Math.max(-MAX_SCORE, Math.min(MAX_SCORE, z));
        measured++;
        // A zero baseline has no relative error to speak of; minScale (and for counts the count test) covers them.
        if (unit > 0) residuals.push(Math.abs(diff) / unit);
      }
      return { expected, scale, score };
    },
  };
}

/** Scores one series into fresh arrays (convenient; for many series use createScorer). */
export function scoreSeries(values: ArrayLike<number>, options: DetectorOptions): SeriesScores {
  // A fresh scorer sizes its arrays to this series and is then dropped, so they belong to the caller.
  return createScorer(options).score(values);
}

const orNull = (x: number | undefined) => (x !== undefined && finite(x) ? x : null);

export function pointScore(
  values: ArrayLike<number>,
  scores: SeriesScores,
  index: number,
  options: Pick<DetectorOptions, "sensitivity" | "direction">,
): PointScore {
  const threshold = thresholdOf(options.sensitivity);
  const z = scores.score[index] ?? Number.NaN;
  const anomalous = isAnomalous(z, threshold, options.direction);
  return {
    index,
    value: orNull(values[index]),
    expected: orNull(scores.expected[index]),
    scale: orNull(scores.scale[index]),
    score: orNull(z),
    anomalous,
    severity: anomalous ? severityOf(z, threshold) : null,
  };
}
