// Order exports end to end through parseExport, on generated CSV and XLSX files with each quirk of the reference.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportError, type ExportItem, type OrderLine, parseExport } from "../../src/imports/export-parser.js";
import {
  type FileOptions,
  type OrderSpec,
  type OrderTableOptions,
  orderTable,
  sampleOrders,
  writeTable,
} from "../support/export-files.js";

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "starling-orders-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function orderFile(table: OrderTableOptions, file: FileOptions, orders: OrderSpec[] = sampleOrders()) {
  const path = join(dir, `orders-${n++}.${file.format}`);
  await writeTable(path, orderTable(orders, table), file);
  return path;
}

async function items(path: string, options: Parameters<typeof parseExport>[1] = {}) {
  const parsed = await parseExport(path, { ...options, kind: "orders" });
  const out: ExportItem<OrderLine>[] = [];
  for await (const item of parsed.records) out.push(item);
  return { parsed, items: out, records: out.flatMap((i) => (i.type === "record" ? [i.record] : [])) };
}

/** What sampleOrders() must come out as, given the data rows start on `first`. */
function expected(first: number, currency: string | null): OrderLine[] {
  return sampleOrders().map((o, i) => ({
    line: first + i,
    orderId: o.orderId,
    skuId: o.skuId,
    productId: null,
    productName: o.productName,
    status: o.status,
    returnType: o.returnType === "Cancel" ? "cancel" : o.returnType === "Return/Refund" ? "return_refund" : null,
    createdAt: o.created,
    currency,
    quantity: o.quantity,
    returnedQuantity: o.returned ?? 0,
    skuSubtotalAfterDiscount: o.subtotal,
    orderAmount: o.orderAmount,
    orderRefundAmount: o.refund ?? null,
    creatorHandle: o.creator ? o.creator.slice(1).toLowerCase() : null,
    channel: o.channel === "LIVE" ? "live" : o.channel === "Video" ? "video" : null,
  }));
}

describe.each(["csv", "xlsx"] as const)("order export (%s)", (format) => {
  it("reads the real layout: BOM, description row, trailing tabs, SGD prefixes, DD/MM dates, 18-digit ids", async () => {
    const path = await orderFile(
      { descriptionRow: true, trailingTabs: true, moneyPrefix: "SGD ", grouped: true },
      { format, bom: true, sheet: "OrderSKUList", otherSheetFirst: true },
    );
    const { parsed, items: all, records } = await items(path);
    expect(parsed.fileFormat).toBe(format);
    expect(parsed.header.line).toBe(1);
    expect(parsed.dateOrder).toEqual({ order: "DMY", source: "file" });
    expect(all[0]).toEqual({ type: "skipped", line: 2, reason: "description row" });
    expect(records).toEqual(expected(3, "SGD"));
    expect(records[0]?.orderId).toBe("578890915909831224");
    expect(parsed.header.columns.createdAt?.header).toBe("Created Time");
  });

  it("finds a header below title rows and skips total and repeated-header rows with their lines", async () => {
    const path = await orderFile({ preambleRows: 3, totalRow: true, repeatedHeaderAfter: 2 }, { format });
    const { parsed, items: all, records } = await items(path);
    expect(parsed.header.line).toBe(4);
    expect(parsed.header.preamble[0]).toBe("Order export");
    expect(all.filter((i) => i.type === "skipped")).toEqual([
      { type: "skipped", line: 7, reason: "repeated header" },
      { type: "skipped", line: 10, reason: "total row" },
    ]);
    expect(records.map((r) => r.line)).toEqual([5, 6, 8, 9]);
  });

  it("reads Indonesian headers and statuses, and Thai and Vietnamese statuses", async () => {
    for (const [headers, statuses] of [
      ["id", "id"],
      ["en", "th"],
      ["en", "vi"],
      ["en", "pt"],
    ] as const) {
      const path = await orderFile({ headers, statuses, moneyPrefix: "Rp" }, { format });
      const { records } = await items(path);
      expect(records.map((r) => r.status)).toEqual(["completed", "completed", "cancelled", "delivered"]);
      expect(records[2]?.skuSubtotalAfterDiscount).toBe("1234.5");
    }
  });

  it("reads US month/day dates with AM/PM, and Excel serial dates", async () => {
    const us = await items(await orderFile({ dates: "MDY", moneyPrefix: "$" }, { format }));
    expect(us.parsed.dateOrder).toEqual({ order: "MDY", source: "file" });
    expect(us.records).toEqual(expected(2, "USD"));
    if (format === "xlsx") {
      const serial = await items(await orderFile({ dates: "serial" }, { format }));
      expect(serial.parsed.dateOrder.source).toBe("not_needed");
      expect(serial.records).toEqual(expected(2, null));
    }
  });

  it("skips a bad row with its line and reason and reads the rest", async () => {
    const table = orderTable(sampleOrders(), { descriptionRow: true });
    // Break one cell of each kind by hand: a status, a date, a quantity, an id.
    const col = (name: string) => table.header.indexOf(name);
    const rows = table.rows;
    (rows[1] as string[])[col("Created Time")] = "31/13/2024 10:00:00";
    (rows[2] as string[])[col("Quantity")] = "two";
    (rows[3] as string[])[col("Order Status")] = "Lost in space";
    rows.push(table.header.map((h) => (h === "Order ID" ? "" : h === "Quantity" ? "1" : "")));
    const path = join(dir, `broken-${n++}.${format}`);
    await writeTable(path, table, { format });
    const { items: all, records } = await items(path);
    expect(all.filter((i) => i.type === "skipped")).toEqual([
      { type: "skipped", line: 2, reason: "description row" },
      { type: "skipped", line: 3, reason: "unparseable Created Time '31/13/2024 10:00:00'" },
      { type: "skipped", line: 4, reason: "unparseable Quantity 'two'" },
      { type: "skipped", line: 5, reason: "unknown Order Status 'Lost in space'" },
      { type: "skipped", line: 7, reason: "missing Order ID" },
    ]);
    expect(records.map((r) => r.line)).toEqual([6]);
  });

  it("keeps a sale whose creator cannot be read as a handle, without a creator, and reads dotted handles", async () => {
    const table = orderTable(sampleOrders());
    const col = table.header.indexOf("Creator Handle");
    // A masked display name is nobody's handle; a handle with dots is a real TikTok handle.
    (table.rows[0] as string[])[col] = "S******* s***";
    (table.rows[1] as string[])[col] = "londonloves.tech";
    const path = join(dir, `creators-${n++}.${format}`);
    await writeTable(path, table, { format });
    const { items: all, records } = await items(path);
    expect(all.filter((i) => i.type === "skipped")).toEqual([]);
    expect(records).toHaveLength(sampleOrders().length);
    expect(records[0]?.creatorHandle).toBeNull();
    expect(records[0]?.skuSubtotalAfterDiscount).toBe(sampleOrders()[0]?.subtotal);
    expect(records[1]?.creatorHandle).toBe("londonloves.tech");
  });
});

describe("order export: file-level decisions", () => {
  // Every date of these orders has day ≤ 12: the file alone cannot say DD/MM from MM/DD.
  const ambiguous = (): OrderSpec[] =>
    sampleOrders().map((o, i) => ({ ...o, created: `2024-0${i + 1}-0${i + 2}T10:00:00` }));

  it("refuses an ambiguous file without dateOrder or market, and says why", async () => {
    const path = await orderFile({}, { format: "csv" }, ambiguous());
    const err = await parseExport(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect((err as ExportError).code).toBe("ambiguous_date_order");
    expect((err as ExportError).message).toMatch(/'02\/01\/2024 10:00:00'.*dateOrder/);
  });

  it("reads an ambiguous file by the market, or by the override", async () => {
    const path = await orderFile({}, { format: "csv" }, ambiguous());
    const vn = await items(path, { market: "VN" });
    expect(vn.parsed.dateOrder).toEqual({ order: "DMY", source: "market" });
    expect(vn.records[0]?.createdAt).toBe("2024-01-02T10:00:00");
    const us = await items(path, { market: "US" });
    expect(us.records[0]?.createdAt).toBe("2024-02-01T10:00:00");
    const forced = await items(path, { dateOrder: "MDY", market: "VN" });
    expect(forced.parsed.dateOrder).toEqual({ order: "MDY", source: "override" });
    expect(forced.records[0]?.createdAt).toBe("2024-02-01T10:00:00");
  });

  it("decides from a date far down the file without holding the rows before it", async () => {
    const orders: OrderSpec[] = [];
    for (let i = 0; i < 3_000; i++)
      orders.push({
        ...(sampleOrders()[2] as OrderSpec),
        orderId: String(578890915909800000 + i),
        created: "2024-05-06T10:00:00",
      });
    orders.push({ ...(sampleOrders()[2] as OrderSpec), orderId: "578890915909899999", created: "2024-05-20T10:00:00" });
    const path = await orderFile({ narrow: true }, { format: "csv" }, orders);
    const { parsed, records } = await items(path);
    expect(parsed.dateOrder).toEqual({ order: "DMY", source: "file" });
    expect(records).toHaveLength(3_001);
    expect(records[0]).toMatchObject({ line: 2, createdAt: "2024-05-06T10:00:00" });
    expect(records.at(-1)).toMatchObject({ line: 3_002, createdAt: "2024-05-20T10:00:00" });
  });

  it("detects the kind, flags the same order and SKU twice, and uses the caller's currency", async () => {
    const orders = [...sampleOrders(), sampleOrders()[0] as OrderSpec];
    const path = await orderFile({}, { format: "csv" }, orders);
    const parsed = await parseExport(path, { currency: "myr" });
    expect(parsed.kind).toBe("orders");
    const all = [];
    for await (const item of parsed.records) all.push(item);
    expect(all.at(-1)).toMatchObject({ type: "record", line: 6, duplicateOf: 2 });
    expect(all[0]).toMatchObject({ record: { currency: "MYR" } });
    // The records can be read again: a second pass rereads the file.
    let again = 0;
    for await (const _ of parsed.records) again++;
    expect(again).toBe(5);
  });

  it("says what is missing when the file is not the kind asked for", async () => {
    const path = await orderFile({}, { format: "csv" });
    await expect(parseExport(path, { kind: "settlements" })).rejects.toMatchObject({ code: "wrong_kind" });
    await expect(parseExport(path, { currency: "dollars" })).rejects.toThrow(/3-letter/);
  });
});
