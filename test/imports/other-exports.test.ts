// Affiliate creator and video, LIVE session and settlement exports through parseExport (detected, not told),
// and the importer's adapter over them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnyParsedExport, parseExport } from "../../src/imports/export-parser.js";
import { parseExportForImport } from "../../src/imports/parse-for-import.js";
import {
  creatorDataTable,
  type FileOptions,
  liveListTable,
  settlementTable,
  type Table,
  videoListTable,
  writeTable,
} from "../support/export-files.js";

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "starling-exports-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(table: Table, options: FileOptions): Promise<string> {
  const path = join(dir, `export-${n++}.${options.format}`);
  await writeTable(path, table, options);
  return path;
}

async function all(parsed: AnyParsedExport) {
  const out: unknown[] = [];
  for await (const item of parsed.records as AsyncIterable<unknown>) out.push(item);
  return out;
}

describe.each(["csv", "xlsx"] as const)("%s", (format) => {
  it("affiliate creator data: description row, '$' money, '--', period from the title line", async () => {
    const parsed = await parseExport(
      await file(creatorDataTable({ descriptionRow: true, period: "2024-05-01 ~ 2024-05-31" }), { format }),
    );
    expect(parsed.kind).toBe("affiliate_creators");
    expect(parsed.header.period).toEqual({ start: "2024-05-01", end: "2024-05-31" });
    expect(await all(parsed)).toEqual([
      { type: "skipped", line: 3, reason: "description row" },
      {
        type: "record",
        line: 4,
        record: {
          line: 4,
          creatorHandle: "glowbyamy",
          creatorName: null,
          periodStart: "2024-05-01",
          periodEnd: "2024-05-31",
          currency: "USD",
          gmv: "1205.33",
          estCommission: "120.53",
          orders: 41,
          itemsSold: null,
          videos: 3,
          liveStreams: null,
          samplesShipped: 2,
        },
      },
      expect.objectContaining({
        type: "record",
        line: 5,
        record: expect.objectContaining({ creatorHandle: "beauty.bee_22", gmv: "0", estCommission: null }),
      }),
      { type: "skipped", line: 6, reason: "Creator name 'Amy Display Name' is not a creator handle" },
    ]);
  });

  it("affiliate video list: trailing-space header, video id from the link, refunds", async () => {
    const parsed = await parseExport(await file(videoListTable(), { format }));
    expect(parsed.kind).toBe("affiliate_videos");
    const items = await all(parsed);
    expect(items[0]).toEqual({
      type: "record",
      line: 2,
      record: {
        line: 2,
        key: "7301234567890123456",
        videoId: "7301234567890123456",
        videoLink: "https://www.tiktok.com/@glowbyamy/video/7301234567890123456",
        productId: null,
        title: "Night routine, 3 steps",
        creatorHandle: "glowbyamy",
        creatorName: null,
        postDate: "2024-05-03",
        postedAt: null,
        currency: "USD",
        gmv: "205.33",
        refundedGmv: "17.1",
        estCommission: "20.53",
        orders: 10,
        itemsSold: 12,
        itemsRefunded: 1,
        impressions: 15230,
        views: null,
        likes: 1204,
        comments: 88,
      },
    });
    expect(items[1]).toMatchObject({
      record: { videoId: "7309999999999999999", creatorHandle: "beauty.bee_22", refundedGmv: null },
    });
  });

  it("LIVE list: header on row 5, total and repeated header rows, durations, '$' amounts", async () => {
    const parsed = await parseExport(await file(liveListTable({ serialDates: format === "xlsx" }), { format }));
    expect(parsed.kind).toBe("live_sessions");
    expect(parsed.header.line).toBe(format === "csv" ? 5 : 5);
    expect(parsed.header.period).toEqual({ start: "2024-05-01", end: "2024-06-30" });
    const items = await all(parsed);
    expect(items).toEqual([
      {
        type: "record",
        line: 6,
        record: {
          line: 6,
          key: "7370000000000000001",
          roomId: "7370000000000000001",
          title: "Mega sale night",
          creatorId: null,
          creatorHandle: null,
          creatorName: null,
          startedAt: "2024-05-31T20:00:00",
          endedAt: null,
          durationSeconds: 3723,
          currency: "USD",
          gmv: "1205.33",
          orders: 40,
          itemsSold: 52,
          viewers: 38,
          views: 12004,
          impressions: 40000,
          productImpressions: 9000,
          productClicks: 1100,
        },
      },
      { type: "skipped", line: 7, reason: "repeated header" },
      expect.objectContaining({
        type: "record",
        line: 8,
        record: expect.objectContaining({ durationSeconds: 88, gmv: "0" }),
      }),
      { type: "skipped", line: 9, reason: "total row" },
    ]);
  });

  it("settlements: trailing-space headers, negative fees, full-width brackets, adjustments", async () => {
    const parsed = await parseExport(
      await file(settlementTable(), { format, sheet: "Order details", otherSheetFirst: true }),
    );
    expect(parsed.kind).toBe("settlements");
    const items = await all(parsed);
    expect(items[0]).toEqual({
      type: "record",
      line: 2,
      record: {
        line: 2,
        id: "578890915909831224",
        type: "Order",
        createdAt: "2024-05-31T09:56:09",
        settledAt: "2024-06-14T02:00:00",
        currency: "MYR",
        totalSettlementAmount: "25.1",
        totalRevenue: "30.5",
        refundSubtotal: "0",
        totalFees: "-5.4",
        affiliateCommission: "-1.23",
        relatedOrderId: null,
      },
    });
    expect(items[2]).toMatchObject({
      record: {
        type: "Violation fee (settlement fee)",
        createdAt: null,
        totalSettlementAmount: "-50",
        relatedOrderId: "578890915909831299",
      },
    });
  });
});

describe("importer adapter", () => {
  it("maps each kind to the importer's items", async () => {
    const live = await parseExportForImport(await file(liveListTable(), { format: "csv" }), {});
    expect(live.kind).toBe("live_sessions");
    const items = [];
    for await (const item of live.items) items.push(item);
    expect(items[0]).toMatchObject({
      record: { kind: "live_session", naturalKey: "7370000000000000001", localDate: "2024-05-31" },
    });
    expect(items[1]).toEqual({ line: 7, skip: "repeated header" });
    await expect(
      parseExportForImport(await file({ header: ["what", "is", "this"], rows: [] }, { format: "csv" }), {}),
    ).rejects.toMatchObject({
      key: "import.not_an_export",
    });
  });
});
