// A Seller Center order export ("OrderSKUList") of any size for the import benchmark, in the real CSV format of
// /work/shared/reference/tiktok-shop-exports.md: the canonical Vietnam column list in its order plus the newest
// "Order Channel, Creator Handle" tail, the description row under the header, trailing tabs on ids and times,
// 18-digit order ids, one row per SKU line with the order-level amounts repeated, DD/MM/YYYY times, "GBP 12.34"
// money. Seeded, so every run (and both databases in one run) imports the same bytes; rows are produced one order
// at a time and written with backpressure, so memory stays flat whatever the row count.
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { mulberry32 } from "../../src/demo/random.js";
import { ORDER_COLUMNS, ORDER_DESCRIPTIONS } from "../../test/support/export-files.js";

/** The export's columns: the same list the parser tests write (test/support/export-files.ts). */
export const ORDER_EXPORT_COLUMNS = ORDER_COLUMNS;

/** The plain table of the COPY baseline: the export's columns, all text, no index, no constraint. */
export function plainTableSql(name = "bench_plain"): string {
  return `CREATE TABLE ${name} (${ORDER_EXPORT_COLUMNS.map((c) => `"${c}" text`).join(", ")})`;
}

/** The strings seen in real description rows (shared with the parser tests); other columns get a plain sentence. */
const DESCRIPTIONS = ORDER_DESCRIPTIONS;

export interface OrderExportOptions {
  rows: number;
  seed?: number;
  currency?: string;
  /** Last local day of the export (created times run back from its end). */
  lastDay?: string;
  days?: number;
  /** Size of the pool of creator handles that video and LIVE orders are attributed to. */
  creators?: number;
}

export interface OrderExportFile {
  path: string;
  rows: number;
  orders: number;
  bytes: number;
  /** Bytes of the header line and of the description line: the COPY file drops the second without re-parsing. */
  headerBytes: number;
  descriptionBytes: number;
  ms: number;
}

/** The creators an export attributes orders to, so a benchmark can put some of them in the CRM. */
export function creatorHandles(count: number): string[] {
  const first = ["glow", "daily", "mia", "tech", "cosy", "fit", "style", "chef", "deal", "pet"];
  const second = ["withsam", "finds", "beauty", "hauls", "home", "reviews", "edit", "picks", "lab", "corner"];
  return Array.from({ length: count }, (_, i) => {
    const a = first[i % first.length];
    const b = second[Math.floor(i / first.length) % second.length];
    return `${a}${b}${i >= 100 ? i : ""}`;
  });
}

interface Sku {
  id: string;
  sellerSku: string;
  name: string;
  variation: string;
  pence: number;
  grams: number;
  category: string;
}

function skuPool(rnd: () => number, count: number): Sku[] {
  const brands = ["Lumi", "Nordic Nest", "Kora", "Velvet & Co", "Brightside", "Oakhaus", "Pixel Pro", "Crème Lab"];
  const goods: [string, string, number][] = [
    ["Vitamin C Serum, 30ml", "Beauty & Personal Care", 1299],
    ["Hydrating Lip Oil", "Beauty & Personal Care", 899],
    ["Silk Pillowcase", "Home Supplies", 2499],
    ["LED Desk Lamp", "Home Supplies", 3199],
    ['Wireless Earbuds "Air"', "Phones & Electronics", 3999],
    ["Phone Case, MagSafe", "Phones & Electronics", 1499],
    ["Yoga Leggings", "Womenswear & Underwear", 2299],
    ["Oversized Hoodie", "Menswear & Underwear", 3499],
    ["Protein Bar Box (12)", "Food & Beverages", 1899],
    ["Dog Chew Toy", "Pet Supplies", 799],
  ];
  const variations = ["Default", "Black", "White", "Rose Gold, 30ml", "S", "M", "L", "Pack of 2"];
  return Array.from({ length: count }, (_, i) => {
    const [good, category, base] = goods[i % goods.length] as [string, string, number];
    const brand = brands[Math.floor(i / goods.length) % brands.length] as string;
    return {
      // Built as text: 19-digit ids are past a double's exact integers.
      id: `1729${String(100_000_000_000_000 + i * 7_919_131 + Math.floor(rnd() * 7_919_131))}`,
      sellerSku: `${brand.slice(0, 3).toUpperCase()}-${String(i).padStart(4, "0")}`,
      name: `${brand} ${good}`,
      variation: variations[i % variations.length] as string,
      pence: base + Math.floor(rnd() * 800) - 300,
      grams: 80 + Math.floor(rnd() * 900),
      category,
    };
  });
}

/** RFC 4180 quoting, only when needed (as Seller Center does: most cells are bare). */
function csv(value: string): string {
  return value.includes(",") || value.includes('"') || value.includes("\n") ? `"${value.replace(/"/g, '""')}"` : value;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "DD/MM/YYYY HH:mm:ss\t" from a shop-local wall-clock time held as UTC milliseconds; a lone tab when empty. */
function time(ms: number | null): string {
  if (ms === null) return "\t";
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}\t`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Characters buffered before a write: big enough to keep write calls rare, small enough to stay cheap. */
const FLUSH_CHARS = 1 << 18;

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/** Writes `options.rows` order rows (plus header and description row) to `path`. */
export async function writeOrderExport(path: string, options: OrderExportOptions): Promise<OrderExportFile> {
  const started = performance.now();
  const rnd = mulberry32(options.seed ?? 20261122);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const currency = options.currency ?? "GBP";
  const money = (pence: number) => `${currency} ${(pence / 100).toFixed(2)}`;
  const days = options.days ?? 90;
  const end = Date.parse(`${options.lastDay ?? "2026-11-22"}T00:00:00Z`) + DAY;
  const skus = skuPool(rnd, 400);
  const creators = creatorHandles(options.creators ?? 300);
  // Lines per order: 60% one SKU, 28% two, 12% three, 1.52 on average, which sets how far apart orders are in time.
  const skuLines = () => {
    const r = rnd();
    return r < 0.6 ? 1 : r < 0.88 ? 2 : 3;
  };
  const gap = (days * DAY) / Math.max(1, options.rows / 1.52);

  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => {});
  const header = `${ORDER_EXPORT_COLUMNS.map(csv).join(",")}\r\n`;
  const description = `${ORDER_EXPORT_COLUMNS.map((c) => csv(DESCRIPTIONS[c] ?? `${c} of the order.`)).join(",")}\r\n`;
  let bytes = Buffer.byteLength(header) + Buffer.byteLength(description);
  let buffer = header + description;
  let rows = 0;
  let orders = 0;

  while (rows < options.rows) {
    const lineCount = Math.min(skuLines(), options.rows - rows);
    // Newest first, as Seller Center lists them; each order somewhere inside its slot of time.
    const created = Math.floor(end - (orders + rnd()) * gap);
    const orderId = `57${7_000_000_000_000_000 + orders * 997 + int(997)}`;
    const roll = rnd();
    const status =
      roll < 0.6
        ? "Completed"
        : roll < 0.82
          ? "Shipped"
          : roll < 0.86
            ? "Delivered"
            : roll < 0.91
              ? "To ship"
              : "Cancelled";
    const cancelled = status === "Cancelled";
    const paid = !(cancelled && rnd() < 0.3);
    const returned = status === "Completed" && rnd() < 0.04;

    const chosen: Sku[] = [];
    while (chosen.length < lineCount) {
      const sku = pick(skus);
      // One order never lists the same SKU twice (its key is order + SKU).
      if (!chosen.includes(sku)) chosen.push(sku);
    }
    const lines = chosen.map((sku) => {
      const quantity = rnd() < 0.75 ? 1 : rnd() < 0.7 ? 2 : 3;
      const before = sku.pence * quantity;
      const platform = rnd() < 0.2 ? Math.round(before * (0.05 + rnd() * 0.1)) : 0;
      const seller = rnd() < 0.3 ? Math.round(before * 0.1) : 0;
      return { sku, quantity, before, platform, seller, after: before - platform - seller };
    });
    const goods = lines.reduce((a, l) => a + l.after, 0);
    const originalShipping = goods >= 2000 ? 0 : 299;
    const shippingPlatform = originalShipping && rnd() < 0.3 ? originalShipping : 0;
    const shipping = originalShipping - shippingPlatform;
    const paymentDiscount = rnd() < 0.05 ? 100 : 0;
    const amount = goods + shipping - paymentDiscount;
    const refund = returned ? (lines[0]?.after ?? 0) : cancelled && paid ? amount : 0;

    const paidAt = paid ? created + 30_000 + int(20 * 60_000) : null;
    const shipped = status === "Completed" || status === "Shipped" || status === "Delivered";
    const rts = shipped || status === "To ship" ? (paidAt ?? created) + 6 * HOUR + int(30 * HOUR) : null;
    const shippedAt = shipped && rts !== null ? rts + 2 * HOUR + int(20 * HOUR) : null;
    const delivered = status !== "Shipped" && shippedAt !== null ? shippedAt + DAY + int(3 * DAY) : null;
    const cancelledAt = cancelled ? created + HOUR + int(2 * DAY) : null;
    const channelRoll = rnd();
    const channel =
      channelRoll < 0.35 ? "Video" : channelRoll < 0.6 ? "LIVE" : channelRoll < 0.9 ? "Product card" : "Shop tab";
    const creator = (channel === "Video" || channel === "LIVE") && creators.length ? pick(creators) : "";
    const buyer = `${String.fromCharCode(97 + int(26))}***${pick(["mia", "sam", "jo", "alex", "kat"])}${1980 + int(30)}`;
    const city = pick([
      ["England", "London", "Camden"],
      ["England", "Manchester", "Salford"],
      ["Scotland", "Glasgow", "Partick"],
      ["Wales", "Cardiff", "Canton"],
      ["England", "Leeds", "Headingley"],
    ] as const);
    const grams = lines.reduce((a, l) => a + l.sku.grams * l.quantity, 0);
    const packageId = paid ? `11${5_000_000_000_000_000 + orders * 991 + int(991)}\t` : "";
    const tracking = shippedAt !== null ? `TT${String(100_000_000 + int(899_999_999))}GB` : "";
    // Order-level cells, the same on every SKU line of the order.
    const tail = [
      money(shipping),
      money(originalShipping),
      money(0),
      money(shippingPlatform),
      money(paymentDiscount),
      money(0),
      money(amount),
      money(refund),
      time(created),
      time(paidAt),
      time(rts),
      time(shippedAt),
      time(delivered),
      time(cancelledAt),
      cancelled ? pick(["Buyer", "System", "Seller"]) : "",
      cancelled
        ? paid
          ? csv(pick(["No longer needed", "Changed my mind, ordered elsewhere"]))
          : "Payment overdue"
        : "",
      "Fulfillment by seller",
      "London DC",
      tracking,
      "Standard shipping",
      shippedAt !== null ? pick(["Royal Mail", "Evri", "DPD"]) : "",
      rnd() < 0.03 ? csv("Please leave at the door, thanks") : "",
      buyer,
      `${String.fromCharCode(65 + int(26))}*** ${String.fromCharCode(65 + int(26))}*****`,
      `(+44)77****${pad2(int(100))}`,
      "United Kingdom",
      city[0],
      city[1],
      city[2],
      `${1 + int(9)}** ****** Road`,
      "",
      pick(["Credit/Debit Card", "PayPal", "Apple Pay", "Klarna"]),
      (grams / 1000).toFixed(3),
    ].join(",");
    const after = [packageId, "", "Unchecked", "", channel, creator].join(",");
    for (const l of lines) {
      buffer += `${orderId}\t,${status},${
        status === "Shipped" ? "In transit" : status === "To ship" ? "Awaiting collection" : status
      },${returned ? "Return/Refund" : cancelled ? "Cancel" : ""},Normal,${l.sku.id}\t,${l.sku.sellerSku},${csv(
        l.sku.name,
      )},${csv(l.sku.variation)},${l.quantity},${returned && l === lines[0] ? l.quantity : 0},${money(
        l.sku.pence,
      )},${money(l.before)},${money(l.platform)},${money(l.seller)},${money(l.after)},${tail},${csv(
        l.sku.category,
      )},${after}\r\n`;
      rows++;
    }
    orders++;
    if (buffer.length >= FLUSH_CHARS) {
      bytes += Buffer.byteLength(buffer);
      await Promise.race([write(out, buffer), failed]);
      buffer = "";
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await Promise.race([once(out, "finish"), failed]);
  return {
    path,
    rows,
    orders,
    bytes,
    headerBytes: Buffer.byteLength(header),
    descriptionBytes: Buffer.byteLength(description),
    ms: performance.now() - started,
  };
}

/**
 * The same file without its description row, for COPY … (FORMAT csv, HEADER), which skips exactly one line: the
 * header bytes, then everything after the description row, copied as bytes.
 */
export async function writeCopyFile(file: OrderExportFile, path: string): Promise<void> {
  const out = createWriteStream(path);
  await pipeline(async function* () {
    yield* createReadStream(file.path, { end: file.headerBytes - 1 });
    yield* createReadStream(file.path, { start: file.headerBytes + file.descriptionBytes });
  }, out);
}
