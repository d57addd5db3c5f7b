// Maps an order from Get Order List (POST /order/202309/orders/search) to the importer's OrderLine rows: one row per
// SKU, like the Seller Center export. In 202309 each line item is one unit (the model has no quantity field), so the
// units of a SKU are grouped by sku_id and counted. Money stays decimal strings, summed with decimal.js.

import { Decimal } from "decimal.js";
import { DateTime, IANAZone } from "luxon";
import { pushTo } from "../domain/collections.js";
import type { OrderLine, OrderStatus } from "../imports/order-line.js";
import type { TikTokLineItem, TikTokOrder, TikTokOrderStatus } from "./schemas.js";

// Seller Center files ON_HOLD, partially shipped and awaiting-collection orders under "To ship" (the export's
// "Awaiting collection" is a substatus of it): none of them has fully left the seller yet.
const STATUS: Record<TikTokOrderStatus, OrderStatus> = {
  UNPAID: "unpaid",
  ON_HOLD: "awaiting_shipment",
  AWAITING_SHIPMENT: "awaiting_shipment",
  PARTIALLY_SHIPPING: "awaiting_shipment",
  AWAITING_COLLECTION: "awaiting_shipment",
  IN_TRANSIT: "shipped",
  DELIVERED: "delivered",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
};

export function mapOrderStatus(status: TikTokOrderStatus): OrderStatus {
  return STATUS[status];
}

/** Shop-local wall-clock time without a zone, as order-line.ts wants ("2026-11-20T09:56:09"). */
export function shopLocalTime(unixSeconds: number, timeZone: string): string {
  return DateTime.fromSeconds(unixSeconds, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

function decimalPlaces(value: string): number {
  return value.split(".")[1]?.length ?? 0;
}

/** Keeps the inputs' scale ("10.50" + "10.50" = "21.00"), where Decimal#toString would print "21". */
function sumMoney(values: string[]): string {
  const scale = Math.max(0, ...values.map(decimalPlaces));
  return values.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed(scale);
}

function salePrice(order: TikTokOrder, item: TikTokLineItem): string {
  if (item.sale_price === undefined) {
    throw new Error(`TikTok order ${order.id}: line item ${item.id} has no sale_price, so its subtotal is unknown`);
  }
  return item.sale_price;
}

export function orderToLines(order: TikTokOrder, shopTimeZone: string): OrderLine[] {
  if (!IANAZone.isValidZone(shopTimeZone)) throw new Error(`unknown shop time zone "${shopTimeZone}"`);
  const createdAt = shopLocalTime(order.create_time, shopTimeZone);
  const bySku = new Map<string, TikTokLineItem[]>();
  for (const item of order.line_items) {
    const sku = item.sku_id ?? "";
    pushTo(bySku, sku, item);
  }
  const orderCancel = order.status === "CANCELLED" || order.is_buyer_request_cancel === true;
  return [...bySku].map(([skuId, items]): OrderLine => {
    const first = items[0] as TikTokLineItem;
    const cancelled = orderCancel || items.some((item) => item.display_status === "CANCELLED");
    return {
      line: 0,
      orderId: order.id,
      skuId,
      productId: first.product_id ?? null,
      productName: first.product_name ?? null,
      status: mapOrderStatus(order.status),
      // Returns and refunds are not part of Get Order List (they come from the Return & Refund API), so only a
      // cancellation can be told here.
      returnType: cancelled ? "cancel" : null,
      createdAt,
      currency: first.currency ?? order.payment?.currency ?? null,
      quantity: items.length,
      returnedQuantity: 0,
      skuSubtotalAfterDiscount: sumMoney(items.map((item) => salePrice(order, item))),
      orderAmount: order.payment?.total_amount ?? null,
      orderRefundAmount: null,
      creatorHandle: null,
      channel: null,
    };
  });
}
