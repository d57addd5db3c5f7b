// Seller Center order exports for the recomputation test: deterministic order lines per shop and day (seeded, never
// Math.random), cut into export files the way sellers hand them in (overlapping, late, ending mid-day), and written
// in each market's own shape (Indonesian headers and statuses, Thai statuses with US-style dates, "£" and "EUR "
// money, an XLSX beside the CSVs) by the same writer the import tests use.
import { join } from "node:path";
import { DateTime } from "luxon";
import { createRng, type Rng } from "../../../src/demo/random.js";
import type { OrderStatus } from "../../../src/imports/order-line.js";
import { type OrderSpec, type OrderTableOptions, orderTable, writeTable } from "../export-files.js";

/** One generated SKU line, in its final state (what the last export that holds it says). */
export interface GeneratedLine extends OrderSpec {
  /** Shop-local day, "YYYY-MM-DD". */
  day: string;
  /** ISO code when the line is not in the shop's currency (written "EUR 19.90"). */
  currency?: string;
}

export interface ExportFile {
  name: string;
  shop: string;
  from: string;
  to: string;
  /** The export was taken mid-day: only orders up to this local time of `to` are in it. */
  until?: string;
  format: "csv" | "xlsx";
  /** For the overlap: on this day the file holds the older copy of some lines (unpaid, later paid). */
  olderCopyOn?: string;
}

export interface ShopPlan {
  key: string;
  name: string;
  externalId: string;
  teamSlug: string;
  currency: string;
  /** Days with orders: the shop's own stretch of the calendar. */
  firstDay: string;
  lastDay: string;
  /** Unit prices: whole rupiah, or pounds and baht with cents. */
  prices: readonly string[];
  shipping: string;
  table: OrderTableOptions;
}

const STATUS_ODDS: [OrderStatus, number][] = [
  ["completed", 0.5],
  ["delivered", 0.15],
  ["shipped", 0.1],
  ["awaiting_shipment", 0.07],
  ["cancelled", 0.1],
  ["unpaid", 0.08],
];
const CHANNELS = ["LIVE", "Video", "Product card", "Shop tab", ""];
const CREATORS = ["@GlowByAmy", "beauty.bee_22", "@RumahRapi", "@londonloves.tech"];

function pickStatus(rng: Rng): OrderStatus {
  let x = rng.next();
  for (const [status, p] of STATUS_ODDS) {
    if (x < p) return status;
    x -= p;
  }
  return "completed";
}

const dayAfter = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).plus({ days: 1 }).toISODate() as string;

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = dayAfter(d)) out.push(d);
  return out;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Money with the shop's decimals: IDR in whole rupiah, others in cents (as decimal strings, the parser's form). */
function money(value: number, whole: boolean): string {
  return whole ? String(Math.round(value)) : (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, "");
}

/**
 * Every order line of a shop, oldest first: 3 to 8 orders a day, the day's last at 23:xx (so a file ending on that
 * day reaches its last hour), a third of the orders with two or three SKUs (the order amount repeated on each line),
 * cancelled and unpaid orders, returns with a refund once per order, creator handles and content channels.
 */
export function generateLines(shop: ShopPlan, shopIndex: number): GeneratedLine[] {
  const rng = createRng(`recompute:${shop.key}`);
  const whole = shop.currency === "IDR";
  const lines: GeneratedLine[] = [];
  for (const [dayIndex, day] of days(shop.firstDay, shop.lastDay).entries()) {
    const count = rng.int(3, 8);
    const seconds = Array.from({ length: count }, () => rng.int(0, 86_399)).sort((a, b) => a - b);
    seconds[count - 1] = 23 * 3600 + rng.int(0, 3599);
    seconds.sort((a, b) => a - b);
    for (let o = 0; o < count; o++) {
      const orderId = `58${shopIndex}${pad(dayIndex, 3)}${pad(o + 1, 12)}`;
      const created = DateTime.fromISO(day, { zone: "utc" })
        .plus({ seconds: seconds[o] as number })
        .toFormat("yyyy-MM-dd'T'HH:mm:ss");
      const status = pickStatus(rng);
      const skuCount = rng.chance(0.3) ? rng.int(2, 3) : 1;
      const channel = rng.pick(CHANNELS);
      const creator = channel === "LIVE" || channel === "Video" ? (rng.chance(0.5) ? rng.pick(CREATORS) : "") : "";
      const skus = new Set<number>();
      while (skus.size < skuCount) skus.add(rng.int(0, shop.prices.length - 1));
      const items = [...skus].map((sku) => {
        const quantity = rng.int(1, 3);
        const unit = Number(shop.prices[sku]);
        // A seller discount on some lines: what the buyer pays for the SKU after it.
        const discount = rng.chance(0.25) ? unit * quantity * 0.1 : 0;
        return { sku, quantity, unit, subtotal: money(unit * quantity - discount, whole) };
      });
      const amount = items.reduce((sum, i) => sum + Number(i.subtotal), 0) + Number(shop.shipping);
      const returned = (status === "completed" || status === "delivered") && rng.chance(0.12);
      const returnLine = returned ? rng.int(0, items.length - 1) : -1;
      let refund = 0;
      const specs = items.map((item, i): GeneratedLine => {
        const back = i === returnLine ? rng.int(1, item.quantity) : 0;
        refund += back * item.unit;
        return {
          day,
          orderId,
          skuId: `1729${shopIndex}${pad(item.sku, 14)}`,
          productName: `Product ${item.sku}, "${shop.key}"`,
          status,
          quantity: item.quantity,
          subtotal: item.subtotal,
          orderAmount: money(amount, whole),
          created,
          ...(status === "cancelled" && { returnType: "Cancel" as const }),
          ...(back > 0 && { returned: back }),
          ...(channel && { channel }),
          ...(creator && { creator }),
        };
      });
      // The refund is an order-level amount: every line of a returned order carries it.
      for (const spec of specs) {
        if (returned) {
          spec.returnType = "Return/Refund";
          spec.refund = money(refund, whole);
        }
        lines.push(spec);
      }
    }
  }
  return lines;
}

/** A single-line order in another currency than the shop's, on `day` at noon. */
export function foreignOrder(shopIndex: number, day: string, currency: string): GeneratedLine {
  return {
    day,
    orderId: `58${shopIndex}999000000000001`,
    skuId: `1729${shopIndex}99999999999999`,
    productName: "Imported gadget",
    status: "completed",
    quantity: 2,
    subtotal: "39.8",
    orderAmount: "42.79",
    created: `${day}T12:00:00`,
    channel: "Video",
    currency,
  };
}

const MONEY_COLUMNS = ["SKU Subtotal After Discount", "Order Amount", "Order Refund Amount"];

/** The lines a file holds: its span, cut at `until` on its last day, older copies on `olderCopyOn`. */
export function linesOf(file: ExportFile, all: GeneratedLine[]): OrderSpec[] {
  const cut = file.until ? `${file.to}T${file.until}` : null;
  return all
    .filter((l) => l.day >= file.from && l.day <= file.to && (cut === null || l.created <= cut))
    .map((l) =>
      // Before the later export, every third completed order on the overlapping day was still unpaid.
      l.day === file.olderCopyOn && l.status === "completed" && Number(l.orderId.slice(-1)) % 3 === 0
        ? { ...l, status: "unpaid" as const }
        : l,
    );
}

/** Writes one export file of a shop; returns its path. */
export async function writeExport(
  dir: string,
  file: ExportFile,
  shop: ShopPlan,
  all: GeneratedLine[],
): Promise<string> {
  const specs = linesOf(file, all);
  const table = orderTable(specs, { descriptionRow: true, trailingTabs: true, ...shop.table });
  // A line in another currency names it in every money cell of its row, as Seller Center does with "SGD ".
  const offset = table.rows.length - specs.length;
  for (const [i, spec] of specs.entries()) {
    const currency = (spec as GeneratedLine).currency;
    if (!currency) continue;
    const row = table.rows[offset + i] as (string | number | null)[];
    for (const column of MONEY_COLUMNS) {
      const c = table.header.indexOf(column);
      const cell = row[c];
      if (c >= 0 && typeof cell === "string" && cell !== "")
        row[c] = `${currency} ${cell.replace(shop.table.moneyPrefix ?? "", "")}`;
    }
  }
  const path = join(dir, file.name);
  await writeTable(path, table, {
    format: file.format,
    bom: true,
    ...(file.format === "xlsx" && { sheet: "OrderSKUList" }),
    ...(shop.key === "london" && { lf: true }),
  });
  return path;
}
