// Realistic Seller Center export files for tests and benchmarks, CSV or XLSX, with the quirks of the reference
// (shared/reference/tiktok-shop-exports.md) switchable one by one: BOM, description row, trailing tabs, header
// below a title block, total and repeated-header rows, "SGD " prefixes, Indonesian headers and statuses, Thai
// statuses, DD/MM or MM/DD dates. Tables are built from plain specs so a test can state the expected records.
import { createWriteStream } from "node:fs";
import { DateTime } from "luxon";
import type { OrderStatus } from "../../src/imports/order-line.js";
import { writeXlsx, type XlsxCell } from "./xlsx-writer.js";

export type Cell = string | number | null;

export interface Table {
  /** Rows above the header (titles, "Date range: …"). */
  preamble?: Cell[][];
  header: string[];
  rows: Cell[][];
}

export interface FileOptions {
  format: "csv" | "xlsx";
  /** CSV: start with a UTF-8 byte-order mark. */
  bom?: boolean;
  /** CSV: "\n" instead of "\r\n". */
  lf?: boolean;
  delimiter?: "," | "\t" | ";";
  /** XLSX: sheet name (default "Sheet1"), and an unrelated sheet placed before it. */
  sheet?: string;
  otherSheetFirst?: boolean;
  inlineStrings?: boolean;
}

export async function writeTable(path: string, table: Table, options: FileOptions): Promise<void> {
  const all = [...(table.preamble ?? []), table.header, ...table.rows];
  if (options.format === "xlsx") {
    const sheets = [{ name: options.sheet ?? "Sheet1", rows: all as XlsxCell[][] }];
    if (options.otherSheetFirst) sheets.unshift({ name: "Guide", rows: [["This sheet explains the export."]] });
    await writeXlsx(path, sheets, options.inlineStrings ? { inlineStrings: true } : {});
    return;
  }
  const eol = options.lf ? "\n" : "\r\n";
  const d = options.delimiter ?? ",";
  const text = all.map((r) => r.map((c) => csvCell(c, d)).join(d)).join(eol) + eol;
  await writeText(path, (options.bom ? "\uFEFF" : "") + text);
}

export function csvCell(value: Cell, delimiter = ","): string {
  if (value === null) return "";
  const s = String(value);
  return s.includes('"') || s.includes(delimiter) || s.includes("\n") || s.includes("\r")
    ? `"${s.replace(/"/g, '""')}"`
    : s;
}

async function writeText(path: string, text: string | Buffer): Promise<void> {
  const out = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.end(text, () => resolve());
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

export type DateStyle = "DMY" | "MDY" | "ISO" | "serial";

/** A shop-local ISO date-time written as an export would: "31/05/2024 09:56:09", "05/31/2024 9:56:09 AM", … */
export function exportDate(iso: string, style: DateStyle): string | number {
  const dt = DateTime.fromISO(iso, { zone: "utc" });
  switch (style) {
    case "DMY":
      return dt.toFormat("dd/MM/yyyy HH:mm:ss");
    case "MDY":
      return dt.setLocale("en-US").toFormat("MM/dd/yyyy h:mm:ss a");
    case "ISO":
      return dt.toFormat("yyyy-MM-dd HH:mm:ss");
    case "serial":
      return dt.diff(DateTime.fromISO("1899-12-30T00:00:00", { zone: "utc" }), "days").days;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Orders

/** The 55 columns of a Vietnam-shop order export (reference doc, canonical list). */
export const ORDER_COLUMNS = [
  "Order ID",
  "Order Status",
  "Order Substatus",
  "Cancelation/Return Type",
  "Normal or Pre-order",
  "SKU ID",
  "Seller SKU",
  "Product Name",
  "Variation",
  "Quantity",
  "Sku Quantity of return",
  "SKU Unit Original Price",
  "SKU Subtotal Before Discount",
  "SKU Platform Discount",
  "SKU Seller Discount",
  "SKU Subtotal After Discount",
  "Shipping Fee After Discount",
  "Original Shipping Fee",
  "Shipping Fee Seller Discount",
  "Shipping Fee Platform Discount",
  "Payment platform discount",
  "Taxes",
  "Order Amount",
  "Order Refund Amount",
  "Created Time",
  "Paid Time",
  "RTS Time",
  "Shipped Time",
  "Delivered Time",
  "Cancelled Time",
  "Cancel By",
  "Cancel Reason",
  "Fulfillment Type",
  "Warehouse Name",
  "Tracking ID",
  "Delivery Option",
  "Shipping Provider Name",
  "Buyer Message",
  "Buyer Username",
  "Recipient",
  "Phone #",
  "Country",
  "Province",
  "District",
  "Commune",
  "Detail Address",
  "Additional address information",
  "Payment Method",
  "Weight(kg)",
  "Product Category",
  "Package ID",
  "Seller Note",
  "Checked Status",
  "Checked Marked by",
  "Order Channel",
  "Creator Handle",
];

/** The description row of order exports, for the columns the reference quotes. */
export const ORDER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "Order ID": "Platform unique order ID.",
  "Order Status": "Current order status.",
  Quantity: "SKU sold quantity in the order.",
  Variation: "Platform SKU variation",
  "Seller SKU": "Seller sku input by the seller in the product system.",
  "SKU Subtotal After Discount":
    "It equals SKU Subtotal Before Discount - SKU Platform Discount - SKU Seller Discount.",
  "SKU Platform Discount": "Total platform discount in this SKU ID.",
  "Paid Time": "Order paid time.",
  "Delivery Option": "The order's delivery option.",
  "Tracking ID": "The order's tracking number.",
  "Product Name": "Platform product name.",
  "Order Amount": "Order total amount paid by the buyer.",
  "Created Time": "Order created time.",
};

/** Indonesian UI headers for the columns the parser reads. */
const INDONESIAN: Record<string, string> = {
  "Order ID": "ID Pesanan",
  "Order Status": "Status Pesanan",
  "SKU ID": "ID SKU",
  "Product Name": "Nama Produk",
  Quantity: "Kuantitas",
  "Sku Quantity of return": "Jumlah Pengembalian SKU",
  "SKU Subtotal After Discount": "Subtotal SKU Setelah Diskon",
  "Order Amount": "Jumlah Pesanan",
  "Order Refund Amount": "Jumlah Pengembalian Dana",
  "Created Time": "Waktu Dibuat",
  "Cancelation/Return Type": "Jenis Pembatalan/Pengembalian",
};

export type StatusLanguage = "en" | "id" | "th" | "vi" | "pt";

const STATUS_WORDS: Record<StatusLanguage, Record<OrderStatus, string>> = {
  en: {
    unpaid: "Unpaid",
    awaiting_shipment: "To ship",
    shipped: "Shipped",
    delivered: "Delivered",
    completed: "Completed",
    cancelled: "Cancelled",
  },
  id: {
    unpaid: "Belum dibayar",
    awaiting_shipment: "Perlu dikirim",
    shipped: "Dikirim",
    delivered: "Terkirim",
    completed: "Selesai",
    cancelled: "Dibatalkan",
  },
  th: {
    unpaid: "ยังไม่ชำระเงิน",
    awaiting_shipment: "ที่จะจัดส่ง",
    shipped: "จัดส่งแล้ว",
    delivered: "จัดส่งสำเร็จ",
    completed: "สำเร็จแล้ว",
    cancelled: "ยกเลิกแล้ว",
  },
  vi: {
    unpaid: "Chưa thanh toán",
    awaiting_shipment: "Chờ giao hàng",
    shipped: "Đang giao",
    delivered: "Đã giao",
    completed: "Hoàn thành",
    cancelled: "Đã hủy",
  },
  pt: {
    unpaid: "Não pago",
    awaiting_shipment: "A enviar",
    shipped: "Enviado",
    delivered: "Entregue",
    completed: "Concluído",
    cancelled: "Cancelado",
  },
};

export interface OrderSpec {
  orderId: string;
  skuId: string;
  productName: string;
  status: OrderStatus;
  returnType?: "Cancel" | "Return/Refund";
  quantity: number;
  returned?: number;
  /** Decimal strings as they should come out of the parser. */
  subtotal: string;
  orderAmount: string;
  refund?: string;
  /** Shop-local ISO date-time. */
  created: string;
  creator?: string;
  channel?: string;
}

/** Three orders, four SKU lines (one order has two), with 18-digit ids. */
export function sampleOrders(): OrderSpec[] {
  return [
    {
      orderId: "578890915909831224",
      skuId: "1729384756102938475",
      productName: 'Velvet Lipstick, shade "Rose"',
      status: "completed",
      quantity: 2,
      subtotal: "24.6",
      orderAmount: "30.5",
      created: "2024-05-31T09:56:09",
      creator: "@GlowByAmy",
      channel: "LIVE",
    },
    {
      orderId: "578890915909831224",
      skuId: "1729384756102938476",
      productName: "Lip Liner",
      status: "completed",
      quantity: 1,
      subtotal: "5.9",
      orderAmount: "30.5",
      created: "2024-05-31T09:56:09",
      creator: "@GlowByAmy",
      channel: "LIVE",
    },
    {
      orderId: "578890915909831299",
      skuId: "1729384756102938477",
      productName: "Serum 30ml",
      status: "cancelled",
      returnType: "Cancel",
      quantity: 1,
      subtotal: "1234.5",
      orderAmount: "1234.5",
      created: "2024-06-14T18:03:00",
    },
    {
      orderId: "578890915909831300",
      skuId: "1729384756102938478",
      productName: "Sunscreen SPF50",
      status: "delivered",
      returnType: "Return/Refund",
      quantity: 3,
      returned: 1,
      subtotal: "36",
      orderAmount: "38.99",
      refund: "12",
      created: "2024-06-02T07:05:30",
      channel: "Video",
    },
  ];
}

export interface OrderTableOptions {
  /** Header language (default English). */
  headers?: "en" | "id";
  statuses?: StatusLanguage;
  dates?: DateStyle;
  /** Prefix of money cells: "SGD ", "$", "Rp". */
  moneyPrefix?: string;
  /** Write money with thousands separators ("1,234.50"). */
  grouped?: boolean;
  descriptionRow?: boolean;
  trailingTabs?: boolean;
  /** Title rows above the header. */
  preambleRows?: number;
  totalRow?: boolean;
  /** A copy of the header after this many data rows. */
  repeatedHeaderAfter?: number;
  /** Only the columns the parser reads, instead of all 55. */
  narrow?: boolean;
}

const NARROW_COLUMNS = [
  "Order ID",
  "Order Status",
  "Cancelation/Return Type",
  "SKU ID",
  "Product Name",
  "Quantity",
  "Sku Quantity of return",
  "SKU Subtotal After Discount",
  "Order Amount",
  "Order Refund Amount",
  "Created Time",
  "Order Channel",
  "Creator Handle",
];

function money(amount: string, opts: OrderTableOptions): string {
  let s = amount;
  if (opts.grouped) {
    const [int, frac] = s.split(".") as [string, string | undefined];
    s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac.padEnd(2, "0")}` : ".00");
  }
  return `${opts.moneyPrefix ?? ""}${s}`;
}

export function orderTable(orders: OrderSpec[], opts: OrderTableOptions = {}): Table {
  const columns = opts.narrow ? NARROW_COLUMNS : ORDER_COLUMNS;
  const tab = opts.trailingTabs ? "\t" : "";
  const header = columns.map((c) => (opts.headers === "id" ? (INDONESIAN[c] ?? c) : c));
  const rows: Cell[][] = [];
  if (opts.descriptionRow) rows.push(columns.map((c) => ORDER_DESCRIPTIONS[c] ?? ""));
  for (const [i, o] of orders.entries()) {
    if (opts.repeatedHeaderAfter !== undefined && i === opts.repeatedHeaderAfter) rows.push([...header]);
    const date = exportDate(o.created, opts.dates ?? "DMY");
    const values: Record<string, Cell> = {
      "Order ID": o.orderId + tab,
      "Order Status": STATUS_WORDS[opts.statuses ?? "en"][o.status],
      "Order Substatus": o.status === "awaiting_shipment" ? "Awaiting collection" : "",
      "Cancelation/Return Type": o.returnType ?? "",
      "Normal or Pre-order": "Normal",
      "SKU ID": o.skuId + tab,
      "Seller SKU": `SKU-${o.skuId.slice(-4)}`,
      "Product Name": o.productName,
      Variation: "Default",
      Quantity: String(o.quantity),
      "Sku Quantity of return": String(o.returned ?? 0),
      "SKU Subtotal After Discount": money(o.subtotal, opts),
      "Order Amount": money(o.orderAmount, opts),
      "Order Refund Amount": o.refund ? money(o.refund, opts) : "",
      "Created Time": typeof date === "number" ? date : date + tab,
      "Paid Time": typeof date === "number" ? date : date + tab,
      "RTS Time": tab,
      "Shipped Time": tab,
      "Delivered Time": tab,
      "Cancelled Time": tab,
      "Tracking ID": "SPXVN0000000001",
      "Buyer Username": "i***mikayla200",
      Recipient: "S******* s********",
      "Phone #": "(+60)172****54",
      Country: "Vietnam",
      "Weight(kg)": "0.2",
      "Package ID": `1152${o.orderId.slice(-8)}${tab}`,
      "Order Channel": o.channel ?? "",
      "Creator Handle": o.creator ?? "",
    };
    rows.push(columns.map((c) => values[c] ?? ""));
  }
  if (opts.totalRow) {
    const total = orders.reduce((n, o) => n + o.quantity, 0);
    rows.push(columns.map((c) => (c === "Order ID" ? "Total" : c === "Quantity" ? String(total) : "")));
  }
  const preamble: Cell[][] = [];
  for (let i = 0; i < (opts.preambleRows ?? 0); i++)
    preamble.push([i === 0 ? "Order export" : `Exported on 2024-06-15 10:0${i}:00`]);
  return { preamble, header, rows };
}

/**
 * Streams a full 55-column order export of `n` SKU lines (plus header and description row) to `path`, without
 * holding it: for benchmarks and the memory test.
 */
export async function writeOrderBenchCsv(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  await write(`\uFEFF${ORDER_COLUMNS.join(",")}\r\n`);
  await write(`${ORDER_COLUMNS.map((c) => csvCell(ORDER_DESCRIPTIONS[c] ?? "")).join(",")}\r\n`);
  for (const cells of benchRows(n)) await write(`${cells.map((c) => csvCell(c)).join(",")}\r\n`);
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.end(() => resolve());
  });
}

/** The same rows as an XLSX sheet named OrderSKUList. */
export async function writeOrderBenchXlsx(path: string, n: number): Promise<void> {
  function* rows(): Generator<XlsxCell[]> {
    yield ORDER_COLUMNS;
    yield ORDER_COLUMNS.map((c) => ORDER_DESCRIPTIONS[c] ?? "");
    yield* benchRows(n);
  }
  await writeXlsx(path, [{ name: "OrderSKUList", rows: rows() }]);
}

function* benchRows(n: number): Generator<string[]> {
  const statuses = ["Completed", "Shipped", "To ship", "Cancelled", "Delivered"];
  const base = DateTime.fromISO("2024-05-01T00:00:00", { zone: "utc" });
  for (let i = 0; i < n; i++) {
    const orderId = `5788909159${String(Math.floor(i / 2)).padStart(8, "0")}`;
    const created = base.plus({ seconds: i * 7 }).toFormat("dd/MM/yyyy HH:mm:ss");
    const price = (10 + (i % 90) + (i % 100) / 100).toFixed(2);
    const values: Record<string, string> = {
      "Order ID": `${orderId}\t`,
      "Order Status": statuses[i % statuses.length] as string,
      "Order Substatus": "",
      "Normal or Pre-order": "Normal",
      "SKU ID": `17293847561029${String(i % 5000).padStart(5, "0")}\t`,
      "Seller SKU": `SKU-${i % 5000}`,
      "Product Name": `Velvet Lipstick, shade ${i % 40} "matte"`,
      Variation: `Shade ${i % 40}`,
      Quantity: String(1 + (i % 3)),
      "Sku Quantity of return": "0",
      "SKU Unit Original Price": `SGD ${price}`,
      "SKU Subtotal Before Discount": `SGD ${price}`,
      "SKU Platform Discount": "SGD 0.00",
      "SKU Seller Discount": "SGD 0.00",
      "SKU Subtotal After Discount": `SGD ${price}`,
      "Shipping Fee After Discount": "SGD 1.99",
      "Original Shipping Fee": "SGD 3.99",
      "Order Amount": `SGD ${price}`,
      "Order Refund Amount": "",
      "Created Time": `${created}\t`,
      "Paid Time": `${created}\t`,
      "RTS Time": "\t",
      "Shipped Time": "\t",
      "Delivered Time": "\t",
      "Cancelled Time": "\t",
      "Fulfillment Type": "Fulfillment by seller",
      "Warehouse Name": "Main warehouse",
      "Tracking ID": `SPXSG${String(i).padStart(10, "0")}`,
      "Delivery Option": "Standard shipping",
      "Shipping Provider Name": "SPX Express",
      "Buyer Username": "i***mikayla200",
      Recipient: "S******* s********",
      "Phone #": "(+65)9172****54",
      Country: "Singapore",
      Province: "Singapore",
      "Detail Address": "Blk 123 Ang Mo Kio Ave 3, #04-567",
      "Payment Method": "Credit card",
      "Weight(kg)": "0.2",
      "Product Category": "Beauty & Personal Care",
      "Package ID": `1152${String(i).padStart(14, "0")}\t`,
      "Checked Status": "Unchecked",
      "Order Channel": i % 3 === 0 ? "LIVE" : "Video",
      "Creator Handle": i % 3 === 0 ? "glowbyamy" : "",
    };
    yield ORDER_COLUMNS.map((c) => values[c] ?? "");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Affiliate creators, videos, LIVE sessions, settlements

/** Affiliate Center > Creator Data (US): description row under the header, "$" money. */
export function creatorDataTable(opts: { descriptionRow?: boolean; period?: string } = {}): Table {
  const header = ["Creator name", "GMV", "Orders", "Videos", "Samples shipped", "Est. commission"];
  const rows: Cell[][] = [];
  if (opts.descriptionRow)
    rows.push([
      "The creator's TikTok username.",
      "Gross merchandise value of the creator's attributed orders.",
      "Number of attributed orders.",
      "Shoppable videos posted.",
      "Free samples shipped to the creator.",
      "Estimated commission.",
    ]);
  rows.push(["glowbyamy", "$1,205.33", "41", "3", "2", "$120.53"]);
  rows.push(["Beauty.Bee_22", "$0.00", "0", "1", "1", "--"]);
  rows.push(["Amy Display Name", "$10.00", "1", "1", "0", "$1.00"]);
  const preamble: Cell[][] = opts.period ? [[`Date range: ${opts.period}`]] : [];
  return { preamble, header, rows };
}

/** Affiliate Center > Video List: "Affiliate items sold " with its trailing space, ids only in some links. */
export function videoListTable(): Table {
  const header = [
    "Video ID",
    "Creator username",
    "Video name",
    "Video link",
    "Video post date",
    "GMV",
    "Affiliate shoppable video GMV",
    "Affiliate items sold ",
    "Affiliate orders",
    "Shoppable video impressions",
    "Shoppable video likes",
    "Shoppable video comments",
    "Affiliate items refunded",
    "Affiliate refunded GMV",
    "Est. commission",
    "Affiliate CTR",
  ];
  const rows: Cell[][] = [
    [
      "7301234567890123456",
      "@GlowByAmy",
      "Night routine, 3 steps",
      "https://www.tiktok.com/@glowbyamy/video/7301234567890123456",
      "2024-05-03",
      "$205.33",
      "$200.00",
      "12",
      "10",
      "15,230",
      "1,204",
      "88",
      "1",
      "$17.10",
      "$20.53",
      "1%",
    ],
    [
      "",
      "beauty.bee_22",
      "Unboxing",
      "https://www.tiktok.com/@beauty.bee_22/video/7309999999999999999?lang=en",
      "2024-05-04",
      "$0.00",
      "$0.00",
      "0",
      "0",
      "980",
      "12",
      "0",
      "0",
      "--",
      "--",
      "0%",
    ],
  ];
  return { header, rows };
}

/** Data Compass > LIVE list: title block above the header, a total row, a repeated header, "1m28s" durations. */
export function liveListTable(opts: { serialDates?: boolean } = {}): Table {
  const header = [
    "Room ID",
    "Room Title",
    "Start Time",
    "Duration",
    "Attributed GMV",
    "Attributed items sold",
    "Attributed orders",
    "Customers",
    "Views",
    "Impressions",
    "Product Impressions",
    "Product clicks",
    "CTR",
  ];
  const start = (iso: string) => (opts.serialDates ? exportDate(iso, "serial") : exportDate(iso, "ISO"));
  const rows: Cell[][] = [
    [
      "7370000000000000001",
      "Mega sale night",
      start("2024-05-31T20:00:00"),
      "1h2m3s",
      "$1,205.33",
      "52",
      "40",
      "38",
      "12,004",
      "40,000",
      "9,000",
      "1,100",
      "4.11%",
    ],
    [
      "Room ID",
      "Room Title",
      "Start Time",
      "Duration",
      "Attributed GMV",
      "Attributed items sold",
      "Attributed orders",
      "Customers",
      "Views",
      "Impressions",
      "Product Impressions",
      "Product clicks",
      "CTR",
    ],
    [
      "7370000000000000002",
      "Quick drop",
      start("2024-06-01T12:30:00"),
      "1m28s",
      "$0.00",
      "0",
      "0",
      "0",
      "35",
      "120",
      "10",
      "0",
      "0%",
    ],
    ["Total", "", "", "", "$1,205.33", "52", "40", "38", "12,039", "40,120", "9,010", "1,100", ""],
  ];
  return {
    preamble: [["LIVE list"], ["Date range: 2024-05-01 ~ 2024-06-30"], ["Shop: GizmoHub Deals"], []],
    header,
    rows,
  };
}

/** Finance > Order details (MY): headers with trailing spaces, negative fees, adjustment types. */
export function settlementTable(): Table {
  const header = [
    "Order/adjustment ID",
    "Type",
    "Order created time",
    "Order settled time",
    "Currency",
    "Total settlement amount",
    "Total revenue",
    "Refund subtotal after seller discounts",
    "Total fees",
    "Actual shipping fee ",
    "Affiliate commission ",
    "Affiliate partner commission ",
    "Related order ID",
  ];
  const rows: Cell[][] = [
    [
      "578890915909831224",
      "Order",
      "31/05/2024 09:56:09",
      "14/06/2024 02:00:00",
      "MYR",
      "25.1",
      "30.5",
      "0",
      "-5.4",
      "-3.2",
      "-1.23",
      "0",
      "",
    ],
    [
      "578890915909831300",
      "Order",
      "02/06/2024 07:05:30",
      "16/06/2024 02:00:00",
      "MYR",
      "20.5",
      "38.99",
      "-12",
      "-6.49",
      "0",
      "0",
      "0",
      "",
    ],
    [
      "720000000000000001",
      "Violation fee （settlement fee）",
      "",
      "16/06/2024 02:00:00",
      "MYR",
      "-50",
      "0",
      "0",
      "-50",
      "0",
      "0",
      "0",
      "578890915909831299",
    ],
  ];
  return { header, rows };
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile files (issue 14): each is a real order export (header, description row, `rows` order lines) whose end
// is one hostile shape, so the parser meets it after reading everything before it: the worst a file of that size
// can do. The fault suite writes them with no rows; bench/hostile-import with as many as a normal file of the same
// size has.

export const HOSTILE_KINDS = [
  "far-reference",
  "sparse-cells",
  "unclosed-tag",
  "xlsx-too-many-rows",
  "xlsx-huge-cell",
  "zip-bomb",
  "truncated-zip",
  "corrupt-zip",
  "not-a-zip",
  "unclosed-quote",
  "huge-cell",
  "huge-line",
  "too-many-columns",
  "too-many-rows",
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** The file format a hostile kind is written in (its name ends so: a non-zip named .xlsx is the point of one). */
export const hostileFormat = (kind: HostileKind): "csv" | "xlsx" =>
  ["unclosed-quote", "huge-cell", "huge-line", "too-many-columns", "too-many-rows"].includes(kind) ? "csv" : "xlsx";

const repeat = (piece: string, times: number) => piece.repeat(times);

/** Writes a hostile export of `kind` to `path`, after `rows` normal order lines (0: the shape alone). */
export async function writeHostileFile(path: string, kind: HostileKind, rows = 0): Promise<void> {
  if (hostileFormat(kind) === "csv") {
    await writeHostileCsv(path, kind, rows);
    return;
  }
  // The sheet's next row number after the header, the description row and the order lines.
  const next = rows + 3;
  const tails: Partial<Record<HostileKind, () => Iterable<string>>> = {
    // The 266-byte file of the issue: one cell at column ZZZZZZ (321 million columns in).
    "far-reference": () => [`<row r="${next}"><c r="ZZZZZZ${next}"><v>1</v></c></row>`],
    // One cell per row at XFC, the last column but one: 16,381 empty cells to fill per row.
    "sparse-cells": function* () {
      for (let r = next; r < next + 200; r++) yield `<row r="${r}"><c r="XFC${r}"><v>1</v></c></row>`;
    },
    // A start tag never closed: the rest of the sheet is "inside" it.
    "unclosed-tag": function* () {
      yield `<row r="${next}"><c r="A${next}" t="inlineStr" x="`;
      for (let i = 0; i < 8; i++) yield repeat("a", 1 << 16);
    },
    "xlsx-too-many-rows": () => [`<row r="2000001"><c r="A2000001"><v>1</v></c></row>`],
    "xlsx-huge-cell": () => [
      `<row r="${next}"><c r="A${next}" t="inlineStr"><is><t>${repeat("x", 40_000)}</t></is></c></row>`,
    ],
    // 64 MB of spaces between two rows: they deflate about 1,000 to 1.
    "zip-bomb": function* () {
      for (let i = 0; i < 64; i++) yield repeat(" ", 1 << 20);
    },
  };
  function* sheetRows(): Generator<XlsxCell[]> {
    yield ORDER_COLUMNS;
    yield ORDER_COLUMNS.map((c) => ORDER_DESCRIPTIONS[c] ?? "");
    yield* benchRows(rows);
  }
  if (kind === "not-a-zip") {
    // Bytes of no format, as a renamed image or a download cut off would give: deterministic, not random.
    const bytes = Buffer.alloc(Math.max(4096, rows * 300));
    let x = 20261203;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    await writeText(path, bytes);
    return;
  }
  const tail = tails[kind];
  await writeXlsx(path, [{ name: "OrderSKUList", rows: sheetRows() }], {
    ...(tail && { tail }),
    unclosed: kind === "unclosed-tag",
  });
  if (kind === "truncated-zip" || kind === "corrupt-zip") {
    const { readFile, writeFile } = await import("node:fs/promises");
    const whole = await readFile(path);
    if (kind === "truncated-zip") await writeFile(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    else {
      // The central directory stays intact; the sheet's deflated bytes in the middle are overwritten.
      whole.fill(0xff, Math.floor(whole.length * 0.2), Math.floor(whole.length * 0.2) + 512);
      await writeFile(path, whole);
    }
  }
}

async function writeHostileCsv(path: string, kind: HostileKind, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  await write(`\uFEFF${ORDER_COLUMNS.join(",")}\r\n`);
  await write(`${ORDER_COLUMNS.map((c) => csvCell(ORDER_DESCRIPTIONS[c] ?? "")).join(",")}\r\n`);
  for (const cells of benchRows(rows)) await write(`${cells.map((c) => csvCell(c)).join(",")}\r\n`);
  const id = "578890915999999999";
  switch (kind) {
    case "unclosed-quote":
      // A quote opened and never closed, then 8 MB of text: the rest of the file is one cell.
      await write(`${id},"Completed`);
      for (let i = 0; i < 128; i++) await write(repeat("lipstick, matte; ", 1 << 12).slice(0, 1 << 16));
      break;
    case "huge-cell":
      await write(`${id},${repeat("x", 40_000)}\r\n`);
      break;
    case "huge-line":
      // 700 cells of 1,600 characters: each cell and the count are fine, the line (1.1M characters) is not.
      await write(`${id},${Array.from({ length: 700 }, () => repeat("y", 1600)).join(",")}\r\n`);
      break;
    case "too-many-columns":
      await write(`${id}${repeat(",1", 16_400)}\r\n`);
      break;
    case "too-many-rows":
      // Blank rows cost the parser nothing once read: only the row count refuses them.
      for (let i = 0; i < 2_000_100; i += 10_000) await write(repeat(",\r\n", 10_000));
      break;
    default:
      throw new Error(`${kind} is not a CSV kind`);
  }
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.end(() => resolve());
  });
}
