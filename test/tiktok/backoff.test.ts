import { describe, expect, it } from "vitest";
import { parseRetryAfterMs, retryDelayMs } from "../../src/tiktok/backoff.js";

describe("parseRetryAfterMs", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-20T10:00:00Z");
    expect(parseRetryAfterMs("7", now)).toBe(7000);
    expect(parseRetryAfterMs("Fri, 20 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfterMs("Fri, 20 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs("soon", now)).toBeNull();
  });
});

describe("retryDelayMs", () => {
  it("honours Retry-After", () => {
    expect(retryDelayMs({ attempt: 5, retryAfterMs: 120_000, random: () => 0 })).toBe(120_000);
  });

  it("doubles per attempt, jitters the upper half, and is capped", () => {
    const low = [1, 2, 3].map((attempt) => retryDelayMs({ attempt, retryAfterMs: null, random: () => 0 }));
    const high = [1, 2, 3].map((attempt) => retryDelayMs({ attempt, retryAfterMs: null, random: () => 0.999_999 }));
    expect(low).toEqual([500, 1000, 2000]);
    expect(high).toEqual([1000, 2000, 4000]);
    expect(retryDelayMs({ attempt: 30, retryAfterMs: null, random: () => 0.999_999 })).toBe(60_000);
  });
});
