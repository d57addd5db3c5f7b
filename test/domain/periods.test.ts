import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  datesOf,
  daysInPeriod,
  elapsedDays,
  localDateOf,
  type Period,
  parseIsoDate,
  parsePeriod,
  periodContaining,
  remainingDays,
} from "../../src/domain/periods.js";

const range = (p: Period | { error: string }) => ("error" in p ? p.error : `${p.kind} ${p.start}..${p.end}`);
const jakarta = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Jakarta" });

describe("periodContaining", () => {
  it("uses ISO weeks across the year boundary: 2026-12-31 is in 2026-W53", () => {
    const p = periodContaining("week", jakarta("2026-12-31T10:00"));
    expect(range(p)).toBe("week 2026-12-28..2027-01-03");
    expect(p.labelEn).toContain("2026-W53");
    expect(p.labelZh).toContain("2026年第53周");
    expect(range(parsePeriod("2026-W53", jakarta("2026-06-01")))).toBe("week 2026-12-28..2027-01-03");
    expect(range(parsePeriod("2026-w01", jakarta("2026-06-01")))).toBe("week 2025-12-29..2026-01-04");
    expect(range(parsePeriod("2027-W53", jakarta("2026-06-01")))).toBe("bad_period");
  });

  it("uses calendar months and quarters", () => {
    expect(range(periodContaining("quarter", jakarta("2026-05-15")))).toBe("quarter 2026-04-01..2026-06-30");
    const q4 = parsePeriod("2026-Q4", jakarta("2026-06-01")) as Period;
    expect(range(q4)).toBe("quarter 2026-10-01..2026-12-31");
    expect(daysInPeriod(q4)).toBe(92);
    expect(q4.labelEn).toBe("Q4 2026");
    const feb = periodContaining("month", jakarta("2028-02-10"));
    expect(range(feb)).toBe("month 2028-02-01..2028-02-29");
    expect([feb.labelEn, feb.labelZh]).toEqual(["February 2028", "2028年2月"]);
  });
});

describe("localDateOf", () => {
  it("gives the calendar date in the team's zone", () => {
    expect(localDateOf(DateTime.fromISO("2026-11-20T16:30:00Z"), "Asia/Jakarta")).toBe("2026-11-20");
    expect(localDateOf(new Date("2026-11-20T17:30:00Z"), "Asia/Jakarta")).toBe("2026-11-21");
    expect(localDateOf(new Date("2026-11-20T17:30:00Z"), "America/Los_Angeles")).toBe("2026-11-20");
    expect(() => localDateOf(new Date(), "Mars/Base")).toThrow();
  });
});

describe("DST in Europe/London", () => {
  const london = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/London" });

  it("treats the 23-hour and 25-hour days as one day each", () => {
    for (const [date, hours] of [
      ["2026-03-29", 23],
      ["2026-10-25", 25],
    ] as const) {
      const start = london(date);
      expect(start.plus({ days: 1 }).diff(start, "hours").hours).toBe(hours);
      const late = periodContaining("day", london(`${date}T23:30`));
      expect(range(late)).toBe(`day ${date}..${date}`);
      expect(daysInPeriod(late)).toBe(1);
    }
    expect(localDateOf(DateTime.fromISO("2026-03-29T23:30:00Z"), "Europe/London")).toBe("2026-03-30");
    expect(localDateOf(DateTime.fromISO("2026-10-25T23:30:00Z"), "Europe/London")).toBe("2026-10-25");
  });

  it("counts DST months by calendar days", () => {
    const march = periodContaining("month", london("2026-03-29T12:00"));
    expect(daysInPeriod(march)).toBe(31);
    const dates = datesOf(march);
    expect(dates).toHaveLength(31);
    expect(new Set(dates).size).toBe(31);
    expect(dates.slice(27, 31)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31"]);
    const october = periodContaining("month", london("2026-10-25T01:30"));
    expect(elapsedDays(october, "2026-10-26")).toBe(26);
    expect(remainingDays(october, "2026-10-26")).toBe(5);
  });
});

describe("parsePeriod", () => {
  // Wednesday 21 October 2026 in Jakarta.
  const now = jakarta("2026-10-21T09:00");
  it.each([
    [undefined, "month 2026-10-01..2026-10-31"],
    ["", "month 2026-10-01..2026-10-31"],
    ["today", "day 2026-10-21..2026-10-21"],
    ["今天", "day 2026-10-21..2026-10-21"],
    ["yesterday", "day 2026-10-20..2026-10-20"],
    ["昨天", "day 2026-10-20..2026-10-20"],
    ["week", "week 2026-10-19..2026-10-25"],
    ["This Week", "week 2026-10-19..2026-10-25"],
    ["本周", "week 2026-10-19..2026-10-25"],
    ["last week", "week 2026-10-12..2026-10-18"],
    ["上周", "week 2026-10-12..2026-10-18"],
    ["month", "month 2026-10-01..2026-10-31"],
    ["本月", "month 2026-10-01..2026-10-31"],
    ["last month", "month 2026-09-01..2026-09-30"],
    ["上月", "month 2026-09-01..2026-09-30"],
    ["quarter", "quarter 2026-10-01..2026-12-31"],
    ["本季度", "quarter 2026-10-01..2026-12-31"],
    ["2026-10", "month 2026-10-01..2026-10-31"],
    ["2026-W43", "week 2026-10-19..2026-10-25"],
    ["2026-Q4", "quarter 2026-10-01..2026-12-31"],
    ["2026-10-01..2026-10-15", "custom 2026-10-01..2026-10-15"],
    ["2026-01-01..2027-01-01", "custom 2026-01-01..2027-01-01"],
  ])("%j → %s", (text, expected) => expect(range(parsePeriod(text, now))).toBe(expected));

  it.each([
    "2026-10-15..2026-10-01",
    "2026-01-01..2027-01-02",
    "2026-02-30..2026-03-01",
    "2026-02-29",
    "2026-04-31",
    "2026-99-99",
    "2026-00-10",
    "0000-01",
    "0000-01-01..0000-01-05",
    "1999-12",
    "2101-Q1",
    "9999-W01",
    "2026-13",
    "2026-Q5",
    "2026-W00",
    "next year",
    "constructor",
  ])("rejects %j", (text) => expect(parsePeriod(text, now)).toEqual({ error: "bad_period" }));

  it("reads relative words in the team's zone, not UTC", () => {
    // 18:00 UTC on 31 October is already 1 November in Jakarta.
    const lateUtc = DateTime.fromISO("2026-10-31T18:00:00Z").setZone("Asia/Jakarta");
    expect(range(parsePeriod("month", lateUtc))).toBe("month 2026-11-01..2026-11-30");
    expect(range(parsePeriod("last month", jakarta("2026-01-01T00:10")))).toBe("month 2025-12-01..2025-12-31");
  });
});

describe("day counting", () => {
  const nov = periodContaining("month", jakarta("2026-11-15"));
  it("clamps elapsed and remaining days to the period", () => {
    expect(daysInPeriod(nov)).toBe(30);
    expect([elapsedDays(nov, "2026-11-10"), remainingDays(nov, "2026-11-10")]).toEqual([10, 20]);
    expect([elapsedDays(nov, "2026-10-31"), remainingDays(nov, "2026-10-31")]).toEqual([0, 30]);
    expect([elapsedDays(nov, "2026-11-30"), remainingDays(nov, "2026-11-30")]).toEqual([30, 0]);
    expect([elapsedDays(nov, "2027-01-05"), remainingDays(nov, "2027-01-05")]).toEqual([30, 0]);
    expect(datesOf(nov)[0]).toBe("2026-11-01");
    expect(datesOf(nov).at(-1)).toBe("2026-11-30");
  });
});

describe("parseIsoDate", () => {
  it.each(["2026-12-25", "2028-02-29", "2000-01-01", "2100-12-31"])("reads the real date %s", (text) =>
    expect(parseIsoDate(text)).toBe(text),
  );
  it.each([
    "2026-02-31",
    "2026-02-29",
    "2026-99-99",
    "2026-12-25T00:00",
    "2026-1-5",
    "1999-12-31",
    "2101-01-01",
    "0000-01-01",
    "",
    "2026-12-25\u0000",
  ])("refuses %j (never rolled into another day)", (text) => expect(parseIsoDate(text)).toBeNull());
});
