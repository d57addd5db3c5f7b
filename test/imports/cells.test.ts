// Cell normalisation: every money, id, count, percent and duration shape the reference lists, checked exactly.
import { describe, expect, it } from "vitest";
import {
  cleanCell,
  isBlank,
  parseCount,
  parseDurationSeconds,
  parseHandle,
  parseId,
  parseMoney,
  parsePercent,
  videoIdFromLink,
} from "../../src/imports/cells.js";

describe("ids", () => {
  it("keeps 18-digit ids as text and trims the trailing TAB exports add", () => {
    expect(parseId("578890915909831224\t")).toBe("578890915909831224");
    expect(parseId(" '578890915909831224 ")).toBe("578890915909831224");
    expect(cleanCell("\t31/05/2024 09:56:09\t")).toBe("31/05/2024 09:56:09");
    expect(isBlank("\t")).toBe(true);
  });

  it("refuses ids Excel already turned into floats, and sentences", () => {
    expect(parseId("5.78890915909831E+17")).toBeNull();
    expect(parseId("Platform unique order ID.")).toBeNull();
  });
});

describe("money", () => {
  it.each([
    ["SGD 12.30", "12.3", "SGD"],
    ["$205.33", "205.33", "USD"],
    ["Rp 1.234.567", "1234567", "IDR"],
    ["Rp1.234.567,50", "1234567.5", "IDR"],
    ["฿1,234.50", "1234.5", "THB"],
    ["12.345.678₫", "12345678", "VND"],
    ["1,234.50", "1234.5", null],
    ["1.234,50", "1234.5", null],
    ["-12.30", "-12.3", null],
    ["RM -5", "-5", "MYR"],
    ["(12.30)", "-12.3", null],
    ["1234.5599999999999", "1234.56", null],
    ["0", "0", null],
  ])("%s → %s %s", (raw, amount, currency) => {
    expect(parseMoney(raw)).toEqual({ amount, currency });
  });

  it("reads a lone group of three as thousands only in rupiah and dong", () => {
    expect(parseMoney("Rp 1.234")?.amount).toBe("1234");
    expect(parseMoney("12.500", "IDR")?.amount).toBe("12500");
    expect(parseMoney("1.234")?.amount).toBe("1.234");
  });

  it("gives '$' the caller's dollar", () => {
    expect(parseMoney("$5", "SGD")).toEqual({ amount: "5", currency: "SGD" });
    expect(parseMoney("$5", "IDR")).toEqual({ amount: "5", currency: "USD" });
  });

  it("treats placeholders as blank and refuses garbage", () => {
    for (const blank of ["", "-", "--", " -- "]) expect(isBlank(blank)).toBe(true);
    expect(parseMoney("12,34,5")).toBeNull();
    expect(parseMoney("abc")).toBeNull();
    expect(parseMoney("1e5")).toBeNull();
  });
});

describe("counts, percents, durations", () => {
  it("reads whole counts only", () => {
    expect(parseCount("1,234")).toBe(1234);
    expect(parseCount("15.230")).toBe(15230);
    expect(parseCount("12.0")).toBe(12);
    expect(parseCount("12.5")).toBeNull();
    expect(parseCount("1,234.5")).toBeNull();
  });

  it("turns percents into fractions as decimal strings", () => {
    expect(parsePercent("4.11%")).toBe("0.0411");
    expect(parsePercent("1%")).toBe("0.01");
    expect(parsePercent("-2.5%")).toBe("-0.025");
    expect(parsePercent("4.11")).toBeNull();
  });

  it.each([
    ["1m28s", 88],
    ["1h2m3s", 3723],
    ["1h 2m 3s", 3723],
    ["45s", 45],
    ["01:02:03", 3723],
    ["2 jam 5 menit", 7500],
    ["1小时2分3秒", 3723],
  ])("duration %s → %i s", (raw, seconds) => {
    expect(parseDurationSeconds(raw)).toBe(seconds);
  });

  it("refuses durations that are guesses", () => {
    for (const raw of ["5280", "01:02", "3s2m", "abc"]) expect(parseDurationSeconds(raw)).toBeNull();
  });
});

describe("handles and links", () => {
  it("lower-cases handles without @ and refuses display names", () => {
    expect(parseHandle(" @GlowByAmy ")).toBe("glowbyamy");
    expect(parseHandle("Amy Display Name")).toBeNull();
  });

  it("finds the video id in a link", () => {
    expect(videoIdFromLink("https://www.tiktok.com/@amy/video/7301234567890123456?lang=en")).toBe(
      "7301234567890123456",
    );
    expect(videoIdFromLink("https://www.tiktok.com/@amy")).toBeNull();
  });
});
