// Command-line numbers for the benchmarks: a whole number at or above a floor, or a clear error.
export function positive(name: string, text: string | undefined, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} expects a whole number ≥ ${min}, got "${text}"`);
  return n;
}
