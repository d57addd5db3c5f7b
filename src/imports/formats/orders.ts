// Order export → OrderLine, one per SKU line. Natural key: order id + SKU id. Order-level amounts (Order
// Amount, Order Refund Amount) repeat on every SKU line of an order: the importer counts them once per order.
import { cleanCell } from "../cells.js";
import { HeaderMatcher } from "../headers.js";
import type { ContentChannel, OrderLine } from "../order-line.js";
import { type RowReader, RowSkip } from "../row-reader.js";
import type { ExportFormat, FormatContext } from "./format.js";
import { ORDER_HEADERS, type OrderField } from "./order-headers.js";
import { parseOrderStatus, parseReturnType } from "./order-statuses.js";

const matcher = new HeaderMatcher<OrderField>(ORDER_HEADERS, [
  "orderId",
  "status",
  "createdAt",
  "quantity",
  "skuSubtotalAfterDiscount",
]);

export function matchesOrders(header: readonly string[]) {
  const m = matcher.match(header);
  return m.missing.length === 0 ? m : null;
}

/**
 * "Order Channel" values are not documented; only words that name a content type are mapped ("LIVE",
 * "Video", "Product card"/"Showcase"), anything else (shop tab, search, mall) gives null.
 */
export function parseChannel(text: string | null): ContentChannel | null {
  if (text === null) return null;
  const s = cleanCell(text).toLowerCase();
  if (/\blive\b|livestream|siaran langsung|ไลฟ์|phát trực tiếp|直播/.test(s)) return "live";
  if (/\bvideo\b|วิดีโอ|视频/.test(s)) return "video";
  if (/product card|showcase|kartu produk|thẻ sản phẩm|การ์ดสินค้า|商品卡|橱窗/.test(s)) return "product_card";
  return null;
}

function parseOrder(r: RowReader<OrderField>, _context: FormatContext): OrderLine {
  const orderId = r.requiredId("orderId");
  const statusText = r.requiredText("status");
  const status = parseOrderStatus(statusText);
  if (!status) throw new RowSkip(`unknown ${r.headerOf("status")} '${statusText}'`);
  const returnText = r.text("returnType");
  const returnType = returnText === null ? null : parseReturnType(returnText);
  if (returnText !== null && returnType === null)
    throw new RowSkip(`unknown ${r.headerOf("returnType")} '${returnText}'`);
  const created = r.requiredDate("createdAt");
  r.setCurrency(r.text("currency"), "currency");
  const quantity = r.requiredCount("quantity");
  const returnedQuantity = r.count("returnedQuantity") ?? 0;
  if (returnedQuantity > quantity)
    throw new RowSkip(
      `${r.headerOf("returnedQuantity")} ${returnedQuantity} exceeds ${r.headerOf("quantity")} ${quantity}`,
    );
  const skuSubtotalAfterDiscount = r.requiredMoney("skuSubtotalAfterDiscount");
  const orderAmount = r.money("orderAmount");
  const orderRefundAmount = r.money("orderRefundAmount");
  return {
    line: r.line,
    orderId,
    skuId: r.id("skuId") ?? "",
    productId: r.id("productId"),
    productName: r.text("productName"),
    status,
    returnType,
    createdAt: created.iso,
    currency: r.rowCurrency(),
    quantity,
    returnedQuantity,
    skuSubtotalAfterDiscount,
    orderAmount,
    orderRefundAmount,
    creatorHandle: r.attributionHandle("creatorHandle"),
    channel: parseChannel(r.text("channel")),
  };
}

export const ordersFormat: ExportFormat<OrderField, OrderLine> = {
  matcher,
  dateFields: ["createdAt", "paidAt", "rtsAt", "shippedAt", "deliveredAt", "cancelledAt"],
  probeFields: ["orderId", "skuId", "quantity"],
  matches: matchesOrders,
  parse: parseOrder,
};
