// How surprising a count is under count noise: the second opinion the scorer asks for series of whole things
// (orders, items, videos), whose spread at small numbers is set by chance, not by the history's MAD.
//
// Why a second opinion, and why this one:
// - A shop that sells 0–3 a day has same-weekday histories like {1, 1, 1, 2}: the MAD is 0 and the pooled errors
//   are a few units, so the robust z of a day of 4 is huge although 4 orders happen by chance all the time. Counts
//   of independent events spread at least like a Poisson variable: a standard deviation of √λ at mean λ (and more
//   when customers come in bursts: λ + φλ², negative binomial). That spread is a fact of counting, not something
//   a short history can show.
// - At small λ the Poisson law is skewed: 6 at λ = 1 is rarer than "5 standard deviations" suggests on one side,
//   and no count is ever below 0 on the other. A z score measured in √λ would be wrong in both tails. So the count
//   is put on a variance-stabilised scale first: Anscombe's 2·(√(x + 3/8) − √(λ + 3/8)) is close to a standard
//   normal for Poisson counts even at λ ≈ 1, and the same kind of transform exists for the negative binomial
//   (2/√φ · asinh √(φ(x + 3/8)/(1 − 3φ/4))). Its value is compared with the same threshold as the robust z, so
//   "medium" means the same tail probability for a count as for any other metric.
// - λ = 0 needs no special case: a shop that sold nothing for weeks scores 1.1 for a first order and 1.9 for a
//   second (the 3/8 acts as the doubt about a rate seen only as zeros); it takes 7 to reach 4.
// - The transform is O(1) (two square roots, or two asinh), so the scoring loop stays one pass without allocation.

/** Anscombe's constant: the shift that makes √x stabilise the variance of a Poisson count best at small means. */
const ANSCOMBE = 3 / 8;

/**
 * The largest negative-binomial overdispersion φ (variance λ + φλ²) the transform accepts: its denominator
 * 1 − (3/4)·φ must stay positive. Burstier series than that are not counts in any useful sense.
 */
export const MAX_OVERDISPERSION = 4 / 3;

/**
 * A signed, roughly standard-normal score for count `x` against expected mean `lambda`, with overdispersion
 * `phi` (0 = Poisson). Negative inputs (a correction that took more than the day added) are read as 0: a count
 * cannot go lower, and NaN must not leak into the score.
 */
export function countScore(x: number, lambda: number, phi: number): number {
  const a = x > 0 ? x + ANSCOMBE : ANSCOMBE;
  const b = lambda > 0 ? lambda + ANSCOMBE : ANSCOMBE;
  if (phi === 0) return 2 * (Math.sqrt(a) - Math.sqrt(b));
  const c = phi / (1 - 0.75 * phi);
  return (2 / Math.sqrt(phi)) * (Math.asinh(Math.sqrt(c * a)) - Math.asinh(Math.sqrt(c * b)));
}

/** The standard deviation of a count with mean `lambda` and overdispersion `phi`: √(λ + φλ²). */
export function countSpread(lambda: number, phi: number): number {
  const l = lambda > 0 ? lambda : 0;
  return Math.sqrt(l + phi * l * l);
}
