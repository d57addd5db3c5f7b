import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/domain/errors.js";
import {
  currencyMinorUnits,
  formatNumber,
  MAX_COUNT,
  MAX_MONEY,
  normalizeInput,
  parseDuration,
  parseMoney,
  parsePercent,
  parseQuantity,
  SUPPORTED_CURRENCIES,
} from "../../src/domain/numbers.js";

const q = (s: string, allowNegative = false) => parseQuantity(s, { allowNegative })?.toString() ?? null;

describe("normalizeInput", () => {
  it("turns full-width input into plain ASCII", () => {
    expect(normalizeInput("／ｌｏｇ　ｖｉｄｅｏ　３")).toBe("/log video 3");
    expect(normalizeInput("gmv：1250，usd")).toBe("gmv:1250,usd");
    expect(normalizeInput("退货率 ＞ ８％")).toBe("退货率 > 8%");
    expect(normalizeInput("  a \t\n b  ")).toBe("a b");
    expect(normalizeInput("a\u200Bb")).toBe("ab");
  });
});

describe("parseQuantity", () => {
  it.each([
    ["3", "3"],
    ["1.2k", "1200"],
    ["1.2K", "1200"],
    ["1,250", "1250"],
    ["1,250.50", "1250.5"],
    ["12万", "120000"],
    ["1.5万", "15000"],
    ["2亿", "200000000"],
    ["3m", "3000000"],
    ["3M", "3000000"],
    ["1.25", "1.25"],
    ["1.250.000", "1250000"],
    ["３", "3"],
    ["0", "0"],
  ])("%s → %s", (input, expected) => expect(q(input)).toBe(expected));

  it("accepts a minus sign only when allowed", () => {
    expect(q("-5")).toBeNull();
    expect(q("-5", true)).toBe("-5");
  });

  it.each([
    "1.2.3k",
    "abc",
    "",
    "万",
    "NaN",
    "Infinity",
    "1e400",
    "1,25",
    "12,3456",
    "k",
    "--5",
    "5-",
    "1 2",
    ".5",
    "1.",
    "-",
  ])("rejects %j", (input) => expect(q(input, true)).toBeNull());
});

describe("parseDuration", () => {
  it.each([
    ["2h", 120],
    ["1.5h", 90],
    ["90m", 90],
    ["90min", 90],
    ["1h30m", 90],
    ["1h30", 90],
    ["2小时", 120],
    ["30分钟", 30],
    ["1小时30分", 90],
    ["２ｈ", 120],
  ])("%s → %d minutes", (input, minutes) => expect(parseDuration(input)).toBe(minutes));

  it.each(["90", "abc", "", "h", "m", "1h60m", "-2h", "1.2.3h", "2d"])("rejects %j", (input) =>
    expect(parseDuration(input)).toBeNull(),
  );
});

describe("parsePercent", () => {
  it("reads only %-suffixed numbers, as fractions", () => {
    expect(parsePercent("8%")?.eq("0.08")).toBe(true);
    expect(parsePercent("8.5%")?.eq("0.085")).toBe(true);
    expect(parsePercent("８％")?.eq("0.08")).toBe(true);
    expect(parsePercent("8")).toBeNull();
    expect(parsePercent("-5%")).toBeNull();
    expect(parsePercent("-5%", { allowNegative: true })?.eq("-0.05")).toBe(true);
    expect(parsePercent("%")).toBeNull();
  });
});

describe("parseMoney", () => {
  const m = (tokens: string[]) => {
    const r = parseMoney(tokens);
    return r ? `${r.amount.toString()} ${r.currency ?? "-"}` : null;
  };
  it.each([
    [["1250", "usd"], "1250 USD"],
    [["usd", "1250"], "1250 USD"],
    [["$1,250"], "1250 USD"],
    [["Rp", "1.250.000"], "1250000 IDR"],
    [["Rp1.250.000"], "1250000 IDR"],
    [["1250usd"], "1250 USD"],
    [["1250美元"], "1250 USD"],
    [["1.2k", "THB"], "1200 THB"],
    [["£", "12.50"], "12.5 GBP"],
    [["1250"], "1250 -"],
  ])("%j → %s", (tokens, expected) => expect(m(tokens)).toBe(expected));

  it.each([[["1250", "jpy"]], [["abc"]], [[]], [["1", "2", "3"]], [["usd"]], [["$"]], [["usd", "eur"]]])(
    "rejects %j",
    (tokens) => expect(parseMoney(tokens)).toBeNull(),
  );
});

describe("currencies", () => {
  it("uses ISO 4217 minor units", () => {
    expect(SUPPORTED_CURRENCIES).toHaveLength(10);
    for (const c of SUPPORTED_CURRENCIES) expect(currencyMinorUnits[c]).toBeGreaterThanOrEqual(0);
    expect(currencyMinorUnits.VND).toBe(0);
    expect(currencyMinorUnits.IDR).toBe(2);
    expect(currencyMinorUnits.USD).toBe(2);
  });
});

describe("formatNumber", () => {
  const f = (v: string | number, unit: Parameters<typeof formatNumber>[1]["unit"], extra = {}) =>
    formatNumber(new Decimal(v), { locale: "en", unit, ...extra });

  it("formats money with separators and the currency code", () => {
    expect(f(1250, "money", { currency: "USD" })).toBe("1,250.00 USD");
    expect(f(12500000, "money", { currency: "IDR" })).toBe("12,500,000 IDR");
    expect(f("1234567.5", "money", { currency: "vnd" })).toBe("1,234,568 VND");
    expect(f("-1250.5", "money", { currency: "USD" })).toBe("-1,250.50 USD");
    expect(f("-0.001", "money", { currency: "USD" })).toBe("0.00 USD");
    expect(f(1250, "money")).toBe("1,250.00");
    expect(f("25.456", "per_mille_money", { currency: "THB" })).toBe("25.46 THB");
    // Beyond float precision: still exact.
    expect(f("123456789012345678.99", "money", { currency: "USD" })).toBe("123,456,789,012,345,678.99 USD");
  });

  it("formats percents, ratios and counts", () => {
    expect(f("0.083", "percent")).toBe("8.3%");
    expect(f("0.08333", "percent", { digits: 2 })).toBe("8.33%");
    expect(f(5, "ratio")).toBe("5.00");
    expect(f(1204, "count")).toBe("1,204");
    expect(f("1.5", "count")).toBe("1.5");
    expect(f("1234.567", "count")).toBe("1,234.57");
  });

  it("formats durations in both languages", () => {
    expect(f(150, "minutes")).toBe("2h 30m");
    expect(formatNumber(new Decimal(150), { locale: "zh", unit: "minutes" })).toBe("2小时30分");
    expect(f(45, "minutes")).toBe("45m");
    expect(f(120, "minutes")).toBe("2h");
    expect(f("59.6", "minutes")).toBe("1h");
    expect(f(0, "minutes")).toBe("0m");
    expect(f(245, "seconds")).toBe("4m 5s");
    expect(formatNumber(new Decimal(245), { locale: "zh", unit: "seconds" })).toBe("4分5秒");
    expect(f(3725, "seconds")).toBe("1h 2m");
  });
});

describe("bounds", () => {
  const refusal = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      if (error instanceof UserError) return { key: error.key, ...error.params };
      throw error;
    }
    return null;
  };

  it("takes counts up to MAX_COUNT (a billion) and names the bound past it", () => {
    expect(parseQuantity("1000000000")?.eq(MAX_COUNT)).toBe(true);
    expect(refusal(() => parseQuantity("1000000001"))).toEqual({
      key: "error.number_too_large",
      value: "1000000001",
      max: "1,000,000,000",
    });
    expect(refusal(() => parseQuantity("2b"))).toMatchObject({ key: "error.number_too_large" });
    expect(refusal(() => parseQuantity("-99999999999", { allowNegative: true }))).toMatchObject({
      key: "error.number_too_large",
    });
  });

  it("takes money up to MAX_MONEY (ten trillion) in every form, and no more", () => {
    expect(parseMoney(["10000000000000", "idr"])?.amount.eq(MAX_MONEY)).toBe(true);
    expect(refusal(() => parseMoney(["$10000000000001"]))).toMatchObject({ key: "error.number_too_large" });
    expect(refusal(() => parseMoney(["usd", "99999999999999999999"]))).toMatchObject({ key: "error.number_too_large" });
    expect(refusal(() => parseMoney(["1000000000000000000", "usd"]))).toMatchObject({
      key: "error.number_too_large",
      max: "10,000,000,000,000",
    });
  });

  it("takes percentages up to 10,000% and at most 4 decimals of a percent", () => {
    expect(parsePercent("10000%")?.toString()).toBe("100");
    expect(refusal(() => parsePercent("10001%"))).toMatchObject({ key: "error.number_too_large", max: "10,000%" });
    expect(refusal(() => parsePercent("0.00001%"))).toMatchObject({ key: "error.too_many_decimals", max: 4 });
  });

  it("refuses more decimals than numeric(24, 6) keeps, instead of rounding a tier to zero", () => {
    expect(parseQuantity("0.000001")?.toString()).toBe("0.000001");
    expect(refusal(() => parseQuantity("0.0000001"))).toMatchObject({ key: "error.too_many_decimals", max: 6 });
  });
});
