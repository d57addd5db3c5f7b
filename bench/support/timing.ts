// Times tasks round-robin (A, B, C, A, B, C, ...) after a warm-up, so background noise on a small machine
// (checkpoints, GC, the other core busy) falls on every contender alike. Reports p50, p95, min and mean in ms.
export interface Timing {
  p50: number;
  p95: number;
  min: number;
  mean: number;
  runs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    mean: samples.reduce((a, b) => a + b, 0) / (samples.length || 1),
    runs: samples.length,
  };
}

export async function measureInterleaved(
  tasks: (() => Promise<unknown>)[],
  runs: number,
  warmup: number,
): Promise<Timing[]> {
  for (const task of tasks) for (let i = 0; i < warmup; i++) await task();
  const samples = tasks.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, task] of tasks.entries()) {
      const start = performance.now();
      await task();
      samples[k]?.push(performance.now() - start);
    }
  }
  return samples.map(summarize);
}

export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");
