// Deterministic randomness for the demo data: mulberry32 seeded from a fixed seed and a stream label.
// Each series (a shop, a member, the FX walk...) draws from its own labelled stream, so adding a series
// or an incident never shifts the numbers of another one. Never Math.random.

export const DEMO_SEED = 20_261_123;

/** mulberry32: a tiny 32-bit PRNG, good enough for synthetic data and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a hash of a string, to derive a stream seed from a label. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** 1 ± spread, uniform: noise(0.1) is in [0.9, 1.1). */
  noise(spread: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRng(label: string, seed = DEMO_SEED): Rng {
  const next = mulberry32(hashString(`${seed}:${label}`));
  const rng: Rng = {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    noise: (spread) => 1 + (next() * 2 - 1) * spread,
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("createRng.pick: empty list");
      return item;
    },
  };
  return rng;
}
