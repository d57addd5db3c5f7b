// One SKU line of one order, as every order source (Seller Center export, Open API, ingest) hands it to the
// importer. Everything is already normalised: ids are strings, money is a decimal string in the order's currency
// (never a float), times are shop-local ISO date-times without a zone (exports carry no zone; the API's unix
// seconds are converted with the shop's timezone by the caller).

export type OrderStatus = "unpaid" | "awaiting_shipment" | "shipped" | "delivered" | "completed" | "cancelled";

export type ContentChannel = "video" | "live" | "product_card";

export interface OrderLine {
  /** 1-based line in the source file (0 when the line came from the API). */
  line: number;
  /** 18-digit order id, kept as text. */
  orderId: string;
  /** SKU id, kept as text ("" when the source has none). */
  skuId: string;
  productId: string | null;
  productName: string | null;
  status: OrderStatus;
  /** "Cancelation/Return Type": a return or refund was requested on this order. */
  returnType: "cancel" | "return_refund" | null;
  /** Shop-local creation time, "2026-11-20T09:56:09". */
  createdAt: string;
  /** ISO 4217 code when the source names it (a "SGD " prefix, a Currency column, the API), else null. */
  currency: string | null;
  quantity: number;
  /** "Sku Quantity of return". */
  returnedQuantity: number;
  /** "SKU Subtotal After Discount": what the buyer pays for this SKU line before shipping, as a decimal string. */
  skuSubtotalAfterDiscount: string;
  /** Order-level amounts repeat on every SKU line of an order: count them once per order id. */
  orderAmount: string | null;
  orderRefundAmount: string | null;
  /** The creator the order is attributed to, lower-case handle without "@", when the source names one. */
  creatorHandle: string | null;
  /** Content channel when the source says ("Order Channel" / API), else null. */
  channel: ContentChannel | null;
}
