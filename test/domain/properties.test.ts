import { Decimal } from "decimal.js";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/domain/errors.js";
import {
  formatNumber,
  MAX_COUNT,
  MAX_MONEY,
  normalizeInput,
  parseDuration,
  parseMoney,
  parsePercent,
  parseQuantity,
} from "../../src/domain/numbers.js";
import { daysInPeriod, MAX_YEAR, MIN_YEAR, parseIsoDate, parsePeriod } from "../../src/domain/periods.js";
import { cleanJson, cleanText } from "../../src/domain/text.js";

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

/** A parser's answer: its value, or the key of the UserError it threw (a bound); anything else fails the test. */
function outcome<T>(read: () => T): T | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
}
const BOUND_KEYS = ["error.number_too_large", "error.too_many_decimals"];

describe("parsers never throw (but for a bound, as a UserError) and never return NaN", () => {
  it("parseQuantity stays within MAX_COUNT, or says which bound it hit", () => {
    fc.assert(
      fc.property(anyString, fc.boolean(), (s, allowNegative) => {
        const v = outcome(() => parseQuantity(s, { allowNegative }));
        if (typeof v === "string") expect(BOUND_KEYS).toContain(v);
        else expect(v === null || (v.isFinite() && v.abs().lte(MAX_COUNT) && v.decimalPlaces() <= 6)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("parseMoney stays within MAX_MONEY, parsePercent within 10,000%", () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const money = outcome(() => parseMoney([a, b]));
        if (typeof money === "string") expect(BOUND_KEYS).toContain(money);
        else expect(money === null || money.amount.abs().lte(MAX_MONEY)).toBe(true);
        const pct = outcome(() => parsePercent(`${a}%`, { allowNegative: true }));
        if (typeof pct === "string") expect(BOUND_KEYS).toContain(pct);
        else expect(pct === null || pct.abs().lte(100)).toBe(true);
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
        expect(Number(p.start.slice(0, 4))).toBeGreaterThanOrEqual(MIN_YEAR);
        expect(Number(p.end.slice(0, 4))).toBeLessThanOrEqual(MAX_YEAR);
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
  it("reads back any integer count it formats, and names the bound past MAX_COUNT", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), (n) => {
        const text = formatNumber(new Decimal(n.toString()), { locale: "en", unit: "count" });
        if (n <= 10n ** 9n) expect(parseQuantity(text)?.toFixed(0)).toBe(n.toString());
        else expect(outcome(() => parseQuantity(text))).toBe("error.number_too_large");
      }),
    );
  });

  it("reads a date back only when luxon prints it unchanged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          const text = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const date = DateTime.fromObject({ year: y, month: m, day: d }, { zone: "utc" });
          const real = date.isValid && date.month === m && date.day === d && y >= MIN_YEAR && y <= MAX_YEAR;
          expect(parseIsoDate(text)).toBe(real ? text : null);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("text cleaning", () => {
  const HARMFUL =
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for the characters cleaning removes.
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;
  const hostile = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  );

  it("leaves no control character, lone surrogate or bidi override, and is idempotent", () => {
    fc.assert(
      fc.property(hostile, fc.boolean(), (s, multiline) => {
        const once = cleanText(s, { multiline });
        expect(once).not.toMatch(HARMFUL);
        expect(cleanText(once, { multiline })).toBe(once);
        if (!multiline) expect(once).not.toMatch(/[\t\n\r]/);
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps ordinary text, emoji and line breaks of multi-line text as they are", () => {
    expect(cleanText("口红 🎉 e\u0301 שלום\u200F")).toBe("口红 🎉 e\u0301 שלום\u200F");
    expect(cleanText("line one\r\nline two\tend", { multiline: true })).toBe("line one\nline two\tend");
    expect(cleanText("a\u0000b\u202Ec\uD800d")).toBe("abcd");
  });

  it("cleans every string of a JSON value, keys too, without touching the prototype", () => {
    const parsed = JSON.parse('{"a\\u0000":["x\\u0000",{"__proto__":{"polluted":true}}],"n":1}');
    const clean = cleanJson(parsed) as Record<string, unknown>;
    expect(Object.keys(clean)).toEqual(["a", "n"]);
    expect(clean.a).toEqual(["x", { ["__proto__"]: { polluted: true } }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
