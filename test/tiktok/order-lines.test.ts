import { describe, expect, it } from "vitest";
import { mapOrderStatus, orderToLines } from "../../src/tiktok/order-lines.js";
import { ORDER_STATUSES, orderSchema } from "../../src/tiktok/schemas.js";
import { fakeOrder } from "../support/fake-tiktok.js";

/** Through the same zod schema the client applies, so the test order has the client's type and defaults. */
const apiOrder = (input: Parameters<typeof fakeOrder>[0]) => orderSchema.parse(fakeOrder(input));

// 2026-11-20T23:30:00Z
const LATE_EVENING_UTC = 1_795_217_400;

describe("orderToLines", () => {
  it("groups one-unit line items by SKU, counting units and summing prices as decimals", () => {
    const order = apiOrder({
      id: "578890915909831224",
      createTime: LATE_EVENING_UTC,
      currency: "USD",
      totalAmount: "36.90",
      items: [
        { skuId: "1729592969712207012", salePrice: "10.10", productName: "Glow Serum" },
        { skuId: "1729592969712207999", salePrice: "16.60", productName: "Lip Tint", productId: "1729582718312380999" },
        { skuId: "1729592969712207012", salePrice: "10.20", productName: "Glow Serum" },
      ],
    });
    expect(orderToLines(order, "America/New_York")).toEqual([
      {
        line: 0,
        orderId: "578890915909831224",
        skuId: "1729592969712207012",
        productId: "1729582718312380123",
        productName: "Glow Serum",
        status: "completed",
        returnType: null,
        createdAt: "2026-11-20T18:30:00",
        currency: "USD",
        quantity: 2,
        returnedQuantity: 0,
        skuSubtotalAfterDiscount: "20.30",
        orderAmount: "36.90",
        orderRefundAmount: null,
        creatorHandle: null,
        channel: null,
      },
      expect.objectContaining({
        skuId: "1729592969712207999",
        productId: "1729582718312380999",
        quantity: 1,
        skuSubtotalAfterDiscount: "16.60",
        orderAmount: "36.90",
      }),
    ]);
  });

  it("puts an order at 23:30 UTC on the next day in Asia/Jakarta", () => {
    const [line] = orderToLines(apiOrder({ id: "578890915909831225", createTime: LATE_EVENING_UTC }), "Asia/Jakarta");
    expect(line?.createdAt).toBe("2026-11-21T06:30:00");
    const [utc] = orderToLines(apiOrder({ id: "578890915909831225", createTime: LATE_EVENING_UTC }), "UTC");
    expect(utc?.createdAt).toBe("2026-11-20T23:30:00");
  });

  it("keeps 18-digit ids exactly, where a JS number would round them", () => {
    const id = "578890915909831224";
    expect(String(Number(id))).not.toBe(id);
    const [line] = orderToLines(apiOrder({ id, createTime: LATE_EVENING_UTC }), "Asia/Jakarta");
    expect(line?.orderId).toBe(id);
    expect(line?.skuId).toBe("1729592969712207012");
  });

  it("never adds money in floats", () => {
    const order = apiOrder({
      id: "578890915909831226",
      createTime: LATE_EVENING_UTC,
      items: [
        { skuId: "1", salePrice: "0.1" },
        { skuId: "1", salePrice: "0.2" },
      ],
    });
    expect(orderToLines(order, "UTC")[0]?.skuSubtotalAfterDiscount).toBe("0.3");
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it("marks cancelled orders and cancelled SKUs as cancellations", () => {
    const cancelled = apiOrder({ id: "578890915909831227", createTime: LATE_EVENING_UTC, status: "CANCELLED" });
    expect(orderToLines(cancelled, "UTC")[0]).toMatchObject({ status: "cancelled", returnType: "cancel" });
    const requested = apiOrder({
      id: "578890915909831228",
      createTime: LATE_EVENING_UTC,
      status: "AWAITING_SHIPMENT",
      extra: { is_buyer_request_cancel: true },
    });
    expect(orderToLines(requested, "UTC")[0]).toMatchObject({ status: "awaiting_shipment", returnType: "cancel" });
  });

  it("falls back to the payment currency and fails loudly without a sale price", () => {
    const order = apiOrder({ id: "578890915909831229", createTime: LATE_EVENING_UTC, currency: "IDR" });
    delete order.line_items[0]?.currency;
    expect(orderToLines(order, "UTC")[0]?.currency).toBe("IDR");
    delete order.line_items[0]?.sale_price;
    expect(() => orderToLines(order, "UTC")).toThrow(/578890915909831229.*sale_price/);
  });

  it("refuses an unknown time zone", () => {
    expect(() => orderToLines(apiOrder({ id: "578890915909831230", createTime: 0 }), "Mars/Olympus")).toThrow(/zone/);
  });
});

describe("mapOrderStatus", () => {
  it("maps every API status", () => {
    expect(Object.fromEntries(ORDER_STATUSES.map((status) => [status, mapOrderStatus(status)]))).toEqual({
      UNPAID: "unpaid",
      ON_HOLD: "awaiting_shipment",
      AWAITING_SHIPMENT: "awaiting_shipment",
      PARTIALLY_SHIPPING: "awaiting_shipment",
      AWAITING_COLLECTION: "awaiting_shipment",
      IN_TRANSIT: "shipped",
      DELIVERED: "delivered",
      COMPLETED: "completed",
      CANCELLED: "cancelled",
    });
  });
});
