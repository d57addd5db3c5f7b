// How long to wait before retrying a TikTok Shop call: the server's Retry-After when it sends one, else exponential
// backoff with jitter, so that several Starling replicas rate limited at the same moment do not retry in lockstep.

export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 60_000;

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * Attempt 1 is the first retry. "Equal jitter": half of the exponential step is fixed, half random, so a retry
 * never comes immediately but replicas still spread out. `random` returns [0, 1), like Math.random.
 */
export function retryDelayMs(input: {
  attempt: number;
  retryAfterMs: number | null;
  random: () => number;
  baseMs?: number;
  maxMs?: number;
}): number {
  // The server knows when its window reopens: retrying earlier only earns another 429.
  if (input.retryAfterMs !== null) return input.retryAfterMs;
  const step = Math.min(input.maxMs ?? RETRY_MAX_MS, (input.baseMs ?? RETRY_BASE_MS) * 2 ** (input.attempt - 1));
  return Math.round(step / 2 + input.random() * (step / 2));
}
