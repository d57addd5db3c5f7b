import { Decimal } from "decimal.js";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatNumber, normalizeInput, parseDuration, parseQuantity } from "../../src/domain/numbers.js";
import { daysInPeriod, parsePeriod } from "../../src/domain/periods.js";

// Arbitrary unicode, plus strings built from the characters these parsers care about, so the
// generator reaches the interesting branches instead of only random noise.
const interesting = fc
  .array(
    fc.constantFrom(
      ..."0123456789.,-+%kKmMbBwWhH万亿千小时分钟min ：，％１２３ｋ\u3000eINaf..Qq".split(""),
      "2026-",
      "W",
      "..",
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));
const anyString = fc.oneof(fc.string({ unit: "binary" }), fc.string(), interesting);
const now = DateTime.fromISO("2026-10-21T09:00", { zone: "Asia/Jakarta" });

describe("parsers never throw and never return NaN", () => {
  it("parseQuantity", () => {
    fc.assert(
      fc.property(anyString, fc.boolean(), (s, allowNegative) => {
        const v = parseQuantity(s, { allowNegative });
        expect(v === null || v.isFinite()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("parseDuration", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const v = parseDuration(s);
        expect(v === null || (Number.isFinite(v) && v >= 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("parsePeriod", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const p = parsePeriod(s, now);
        if ("error" in p) return;
        expect(p.start <= p.end).toBe(true);
        expect(Number.isInteger(daysInPeriod(p))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("normalizeInput is idempotent", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const once = normalizeInput(s);
        expect(normalizeInput(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("round trip", () => {
  it("reads back any integer count it formats", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), (n) => {
        const text = formatNumber(new Decimal(n.toString()), { locale: "en", unit: "count" });
        expect(parseQuantity(text)?.toFixed(0)).toBe(n.toString());
      }),
    );
  });
});
