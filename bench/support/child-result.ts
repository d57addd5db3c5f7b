// What a measurement child of bench/import.ts prints and how the parent finds it among the child's other output.
export const RESULT_PREFIX = "@@result ";

export interface ChildResult {
  mode: string;
  rows: number;
  ms: number;
  /** getrusage peak over the whole process, setup included. */
  maxRssMb: number;
  /** Highest process.memoryUsage().rss seen by a 100 ms sampler (misses spikes inside long synchronous calls). */
  sampledPeakMb: number;
  /** RSS when the timed part started (after setup). */
  startRssMb: number;
  detail: Record<string, unknown>;
}

export function readResult(stdout: string): ChildResult | null {
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  return line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult) : null;
}
