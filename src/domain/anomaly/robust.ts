// Medians without allocation, for the scoring loop: it runs once per point of every series, so its windows are
// kept sorted as they slide instead of being sorted (or copied) per point.

/** 1 / Φ⁻¹(3/4): turns a median absolute deviation into a standard deviation for normally distributed noise. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * Median absolute deviation of sorted[0..n) from its median `center`. The array is sorted, so the deviations
 * grow outwards from the middle on both sides: merging the two sides from the centre gives them in order, and
 * the median is reached after n/2 steps without sorting again.
 */
export function madOfSorted(sorted: Float64Array, n: number, center: number): number {
  if (n === 0) return Number.NaN;
  let right = n >> 1;
  let left = right - 1;
  let below = 0;
  let at = 0;
  for (let rank = 0; rank <= n >> 1; rank++) {
    const dl = left >= 0 ? center - (sorted[left] as number) : Number.POSITIVE_INFINITY;
    const dr = right < n ? (sorted[right] as number) - center : Number.POSITIVE_INFINITY;
    below = at;
    if (dl < dr) {
      at = dl;
      left--;
    } else {
      at = dr;
      right++;
    }
  }
  // `at` is the deviation of rank n/2 (0-based), `below` the one just under it.
  return n % 2 === 1 ? at : (below + at) / 2;
}

/**
 * The median (and MAD) of the last `capacity` numbers pushed, where a pushed NaN is a missing value: it takes its
 * turn in the window but not in the statistics. A ring buffer remembers arrival order; a sorted copy of the
 * values that are not missing answers the median. A push drops the oldest value from the sorted copy and slides
 * the new one into place: O(capacity) at worst, usually a step or two, and no allocation after construction.
 */
export class SlidingMedian {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private filled = 0;
  private count = 0;
  // Sum of the values present, for mean(): kept as they come and go instead of re-adding the window per point.
  private total = 0;

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(Math.max(1, capacity));
    this.sorted = new Float64Array(Math.max(1, capacity));
  }

  /** Values present (not missing) in the window. */
  get size(): number {
    return this.count;
  }

  clear(): void {
    this.head = 0;
    this.filled = 0;
    this.count = 0;
    this.total = 0;
  }

  push(x: number): void {
    if (this.capacity === 0) return;
    const { ring, sorted } = this;
    const present = x - x === 0;
    let i = -1;
    if (this.filled < this.capacity) {
      this.filled++;
    } else {
      const old = ring[this.head] as number;
      if (old - old === 0) {
        i = this.indexOf(old);
        this.total -= old;
      }
    }
    ring[this.head] = x;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (present) this.total += x;
    if (i < 0 && !present) return;
    if (i < 0) {
      i = this.count++;
    } else if (!present) {
      // The oldest value leaves and nothing takes its place: close the gap.
      this.count--;
      // An empty window sums to exactly 0, whatever rounding the additions and removals left behind.
      if (this.count === 0) this.total = 0;
      sorted.copyWithin(i, i + 1, this.count + 1);
      return;
    }
    // x takes slot i (a new slot at the end, or the oldest value's); slide it to where it belongs.
    while (i > 0 && (sorted[i - 1] as number) > x) {
      sorted[i] = sorted[i - 1] as number;
      i--;
    }
    while (i < this.count - 1 && (sorted[i + 1] as number) < x) {
      sorted[i] = sorted[i + 1] as number;
      i++;
    }
    sorted[i] = x;
  }

  /** NaN when empty. */
  median(): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const mid = n >> 1;
    const s = this.sorted;
    return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }

  /** Mean of the values present; NaN when empty. Exact for whole numbers (counts), which add without rounding. */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.total / this.count;
  }

  /** Median absolute deviation from `center`, which must be this window's median. */
  mad(center: number): number {
    return madOfSorted(this.sorted, this.count, center);
  }

  // Binary search: the value is known to be present (it was pushed and not yet evicted).
  private indexOf(x: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
