// Date cells and the per-file day/month decision.
import { describe, expect, it } from "vitest";
import { DateOrderSniffer, marketDateOrder } from "../../src/imports/date-order.js";
import { dateEvidence, excelSerial, parseDateRange, parseExportDate } from "../../src/imports/dates.js";
import { ExportError } from "../../src/imports/errors.js";

describe("parseExportDate", () => {
  it("reads each layout to a shop-local ISO date-time", () => {
    expect(parseExportDate("31/05/2024 09:56:09\t", "DMY")?.iso).toBe("2024-05-31T09:56:09");
    expect(parseExportDate("12/15/2025 9:30:33 AM", "MDY")?.iso).toBe("2025-12-15T09:30:33");
    expect(parseExportDate("03/01/2026 10:00:00 PM", "MDY")?.iso).toBe("2026-03-01T22:00:00");
    expect(parseExportDate("03/01/2026 12:05:00 AM", "MDY")?.iso).toBe("2026-03-01T00:05:00");
    expect(parseExportDate("2024-05-31 09:56:09", null)?.iso).toBe("2024-05-31T09:56:09");
    expect(parseExportDate("2024/05/31", null)).toEqual({
      iso: "2024-05-31T00:00:00",
      date: "2024-05-31",
      hasTime: false,
    });
    expect(parseExportDate("May 31, 2024 9:30 PM", null)?.iso).toBe("2024-05-31T21:30:00");
    expect(parseExportDate("45444.40625", null)?.iso).toBe("2024-06-01T09:45:00");
  });

  it("reads ambiguous numeric dates only with an order, and refuses impossible ones", () => {
    expect(parseExportDate("05/06/2024", null)).toBeNull();
    expect(parseExportDate("05/06/2024", "DMY")?.date).toBe("2024-06-05");
    expect(parseExportDate("05/06/2024", "MDY")?.date).toBe("2024-05-06");
    expect(parseExportDate("31/13/2024", "DMY")).toBeNull();
    expect(parseExportDate("31/05/2024", "MDY")).toBeNull();
    expect(parseExportDate("29/02/2023", "DMY")).toBeNull();
    expect(parseExportDate("13:00:00 PM 01/01/2024", "MDY")).toBeNull();
  });

  it("rounds Excel serial fractions to the second", () => {
    expect(excelSerial(45444.999999999)?.iso).toBe("2024-06-02T00:00:00");
    expect(excelSerial(45444)).toEqual({ iso: "2024-06-01T00:00:00", date: "2024-06-01", hasTime: false });
    expect(excelSerial(12)).toBeNull();
  });

  it("finds date ranges in title lines", () => {
    expect(parseDateRange("Date range: 2024-05-01 ~ 2024-05-31", null)).toEqual({
      start: "2024-05-01",
      end: "2024-05-31",
    });
    expect(parseDateRange("01/05/2024 - 31/05/2024", "DMY")).toEqual({ start: "2024-05-01", end: "2024-05-31" });
    expect(parseDateRange("Shop: GizmoHub", null)).toBeNull();
  });
});

describe("day/month order of a file", () => {
  const sniff = (...cells: string[]) => {
    const s = new DateOrderSniffer();
    for (const c of cells) s.add(c, dateEvidence(c));
    return s;
  };

  it("is settled by one date that reads only one way", () => {
    expect(sniff("05/06/2024 10:00:00", "31/05/2024 09:56:09").decide({})).toEqual({ order: "DMY", source: "file" });
    expect(sniff("05/06/2024", "05/31/2024").decide({ market: "VN" })).toEqual({ order: "MDY", source: "file" });
  });

  it("uses AM/PM, then the market, for files whose dates all read both ways", () => {
    expect(sniff("05/06/2024 9:30:33 AM").decide({})).toEqual({ order: "MDY", source: "am_pm" });
    expect(sniff("05/06/2024 09:30:33").decide({ market: "us" })).toEqual({ order: "MDY", source: "market" });
    expect(sniff("05/06/2024 09:30:33").decide({ market: "ID" })).toEqual({ order: "DMY", source: "market" });
    expect(sniff("2024-05-06").decide({})).toEqual({ order: null, source: "not_needed" });
    expect(marketDateOrder(undefined)).toBeNull();
  });

  it("says so when it cannot tell, or when the file contradicts itself", () => {
    expect(() => sniff("05/06/2024 09:30:33", "01/02/2024").decide({})).toThrow(
      /reads both ways.*'05\/06\/2024 09:30:33'/,
    );
    try {
      sniff("31/05/2024", "05/31/2024").decide({});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExportError);
      expect((err as ExportError).code).toBe("conflicting_date_order");
    }
    expect(sniff("05/06/2024").decide({ dateOrder: "MDY" })).toEqual({ order: "MDY", source: "override" });
  });
});
