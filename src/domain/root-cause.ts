// Which part of the business drove a change: the incident's days against its baseline days, split by one
// dimension (shop, content type, traffic source, creator...). Pure: the sums come in, the contributions go out.
//
// For a summed metric (GMV, orders) a segment's contribution is simply its own change. For a ratio R = N / D
// (return rate, ROI, CTR) the change is split exactly:
//   R_now − R_base = Σ_i [ (N_i,now − N_i,base) − R_base · (D_i,now − D_i,base) ] / D_now
// (the Σ_i (N_i,base − R_base · D_i,base) term is zero by the definition of R_base), so the contributions always
// add up to the whole change, and a segment whose numerator moved while its denominator did not (LIVE returns
// quadrupling on flat sales) takes the change, not a segment that is merely big.
import { Decimal } from "decimal.js";
import type { Contribution, Dimension, RootCause } from "../alerts/types.js";
import { getMetric } from "./metrics.js";

export interface SegmentSums {
  segment: string;
  label: string;
  /** Sums of the stored metrics over the incident days. */
  current: ReadonlyMap<string, Decimal>;
  /** Sums over the baseline days, scaled to as many days as the incident (an average of the weeks compared). */
  baseline: ReadonlyMap<string, Decimal>;
}

/** Segments that say "not split by this dimension": they can take a share but never be the answer. */
export const UNATTRIBUTED = new Set(["", "none", "__unattributed"]);

const ZERO = new Decimal(0);
const get = (m: ReadonlyMap<string, Decimal>, k: string) => m.get(k) ?? ZERO;

interface Parts {
  numerator: string;
  denominator: string | null;
  scale: Decimal;
}

function partsOf(metricKey: string): Parts {
  const def = getMetric(metricKey);
  if (def?.aggregation === "ratio" && def.numerator && def.denominator) {
    return { numerator: def.numerator, denominator: def.denominator, scale: new Decimal(def.scale ?? 1) };
  }
  return { numerator: metricKey, denominator: null, scale: new Decimal(1) };
}

export interface DimensionSplit {
  dimension: Dimension;
  contributions: Contribution[];
  /** How much more of the change the top (attributable) segment explains than its usual weight: the evidence. */
  lift: number;
}

export function splitChange(metricKey: string, dimension: Dimension, segments: SegmentSums[]): DimensionSplit | null {
  if (segments.length < 2) return null;
  const { numerator: n, denominator: d, scale } = partsOf(metricKey);
  const total = (which: "current" | "baseline", key: string) =>
    segments.reduce((sum, s) => sum.plus(get(s[which], key)), ZERO);
  const nBase = total("baseline", n);
  const dNow = d ? total("current", d) : null;
  const dBase = d ? total("baseline", d) : null;
  if (dNow?.isZero() || dBase?.isZero()) return null;
  const rBase = d && dBase ? nBase.div(dBase) : null;

  const raw = segments.map((s) => {
    const dn = get(s.current, n).minus(get(s.baseline, n));
    if (!d || !rBase || !dNow || !dBase || !nBase) {
      const weight = nBase.isZero() ? 0 : get(s.baseline, n).div(nBase).toNumber();
      return { s, delta: dn, weight };
    }
    const dd = get(s.current, d).minus(get(s.baseline, d));
    const delta = dn.minus(rBase.times(dd)).div(dNow).times(scale);
    // A segment's usual weight in a ratio: half its share of the numerator, half its share of the denominator.
    const numShare = nBase.isZero() ? 0 : get(s.baseline, n).div(nBase).toNumber();
    const weight = (numShare + get(s.baseline, d).div(dBase).toNumber()) / 2;
    return { s, delta, weight };
  });
  const change = raw.reduce((sum, r) => sum.plus(r.delta), ZERO);
  if (change.isZero()) return null;
  const contributions = raw
    .map((r) => ({
      contribution: {
        segment: r.s.segment,
        label: r.s.label,
        delta: r.delta.toSignificantDigits(8).toString(),
        share: r.delta.div(change).toNumber(),
      },
      weight: r.weight,
    }))
    .sort((a, b) => b.contribution.share - a.contribution.share);
  const top = contributions.find((c) => !UNATTRIBUTED.has(c.contribution.segment));
  if (!top || top.contribution.share <= 0) return null;
  return {
    dimension,
    contributions: contributions.map((c) => c.contribution),
    lift: top.contribution.share - top.weight,
  };
}

/**
 * The dimension whose top segment explains the change best beyond its usual weight, its main contributors
 * (those explaining at least 5% of the change, at most three), and the runner-up dimensions' top segments.
 */
export function explainChange(
  metricKey: string,
  splits: ReadonlyMap<Dimension, SegmentSums[]>,
  minLift = 0.05,
): RootCause | null {
  const ranked: DimensionSplit[] = [];
  for (const [dimension, segments] of splits) {
    const split = splitChange(metricKey, dimension, segments);
    if (split && split.lift >= minLift) ranked.push(split);
  }
  ranked.sort((a, b) => b.lift - a.lift);
  const [best, ...rest] = ranked;
  if (!best) return null;
  const shown = (s: DimensionSplit) =>
    s.contributions.filter((c) => !UNATTRIBUTED.has(c.segment) && c.share >= 0.05).slice(0, 3);
  return {
    dimension: best.dimension,
    contributors: shown(best),
    also: rest.slice(0, 2).flatMap((s) => {
      const top = shown(s)[0];
      return top ? [{ dimension: s.dimension, top }] : [];
    }),
  };
}
