// Response shapes of the TikTok Shop Open API endpoints Starling reads, validated with zod. Sources (public):
// - Envelope {code, message, request_id, data}: every example in TikTok's Partner docs (e.g. the Create Product
//   page mirrored in public code) and EcomPHP/tiktokshop-php src/Resource.php::call (code !== 0 is an error).
// - GET /authorization/202309/shops: official Node SDK model authorization/V202309/GetAuthorizedShopsResponseData
//   (github.com/yxiZo/tiktok-partner-backend nodejs_sdk/) and ...DataShops (cipher, code, id, name, region,
//   seller_type), as mirrored in github.com/tiananugerah/titktok-shop tiktok_sdk/.
// - POST /order/202309/orders/search: official SDK models order/V202309/GetOrderListResponseDataOrders,
//   ...OrdersLineItems and ...OrdersPayment (github.com/yangyiqian0312/super-succotash model/, and yxiZo above),
//   doc page partner.tiktokshop.com/docv2/page/650aa8094a0bb702c06df242.
// - Token refresh: EcomPHP src/Auth.php::refreshNewToken and the Go model in github.com/Epur/ext-sdk
//   pfc/tiktokv2/model-api.go (GetTokenResponse).
// Only the fields Starling uses are declared; zod drops the rest.
//
// Ids (order, line item, SKU, product, shop) are 18-19 digit numbers that TikTok sends as JSON strings. A JS number
// holds 15-16 significant digits, so an id that ever arrived as a JSON number would already be rounded by JSON.parse:
// such a response is refused (z.string()) rather than imported with a wrong id.
import { z } from "zod";

const id = z.string().regex(/^\d+$/, "an id must be a string of digits");
/** Money is a decimal string ("12.34") in the order's currency; never parsed into a float. */
export const moneySchema = z.string().regex(/^-?\d+(\.\d+)?$/, "a money value must be a decimal string");

export const envelopeSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

export const shopSchema = z.object({
  id,
  cipher: z.string().min(1),
  name: z.string(),
  region: z.string(),
  code: z.string().optional(),
  /** LOCAL or CROSS_BORDER. */
  seller_type: z.string().optional(),
});

export const authorizedShopsDataSchema = z.object({ shops: z.array(shopSchema).default([]) });

export type TikTokShop = z.infer<typeof shopSchema>;

export const ORDER_STATUSES = [
  "UNPAID",
  "ON_HOLD",
  "AWAITING_SHIPMENT",
  "PARTIALLY_SHIPPING",
  "AWAITING_COLLECTION",
  "IN_TRANSIT",
  "DELIVERED",
  "COMPLETED",
  "CANCELLED",
] as const;

export type TikTokOrderStatus = (typeof ORDER_STATUSES)[number];

// A line item has no quantity field in 202309 (none in the SDK model): each line item is one unit, and the SDK's
// sub_item_info note says "each quantity of any sku has a unique ... id". Units of a SKU are counted by sku_id.
export const lineItemSchema = z.object({
  id,
  sku_id: id.optional(),
  product_id: id.optional(),
  product_name: z.string().optional(),
  sku_name: z.string().optional(),
  seller_sku: z.string().optional(),
  /** Per unit, in `currency`. */
  sale_price: moneySchema.optional(),
  original_price: moneySchema.optional(),
  platform_discount: moneySchema.optional(),
  seller_discount: moneySchema.optional(),
  currency: z.string().optional(),
  /** UNPAID, AWAITING_SHIPMENT, AWAITING_COLLECTION, IN_TRANSIT, DELIVERED, COMPLETED, CANCELLED. */
  display_status: z.string().optional(),
  cancel_reason: z.string().optional(),
  /** BUYER, SELLER, OPERATOR or SYSTEM. */
  cancel_user: z.string().optional(),
  is_gift: z.boolean().optional(),
});

export const paymentSchema = z.object({
  currency: z.string().optional(),
  /** original_total_product_price - seller_discount - platform_discount. */
  sub_total: moneySchema.optional(),
  shipping_fee: moneySchema.optional(),
  seller_discount: moneySchema.optional(),
  platform_discount: moneySchema.optional(),
  original_total_product_price: moneySchema.optional(),
  tax: moneySchema.optional(),
  /** sub_total + shipping_fee + taxes + retail_delivery_fee: what the buyer paid. */
  total_amount: moneySchema.optional(),
});

export const orderSchema = z.object({
  id,
  status: z.enum(ORDER_STATUSES),
  /** Unix seconds, UTC. */
  create_time: z.number().int().nonnegative(),
  update_time: z.number().int().nonnegative().optional(),
  paid_time: z.number().int().nonnegative().optional(),
  cancel_time: z.number().int().nonnegative().optional(),
  cancel_reason: z.string().optional(),
  /** SELLER, BUYER or SYSTEM. */
  cancellation_initiator: z.string().optional(),
  is_buyer_request_cancel: z.boolean().optional(),
  is_sample_order: z.boolean().optional(),
  order_type: z.string().optional(),
  payment: paymentSchema.optional(),
  line_items: z.array(lineItemSchema).default([]),
});

export type TikTokOrder = z.infer<typeof orderSchema>;
export type TikTokLineItem = z.infer<typeof lineItemSchema>;

export const orderSearchDataSchema = z.object({
  orders: z.array(orderSchema).default([]),
  /** Empty or absent on the last page. */
  next_page_token: z.string().optional(),
  total_count: z.number().int().nonnegative().optional(),
});

export const tokenDataSchema = z.object({
  access_token: z.string().min(1),
  /** Unix seconds at which the access token expires. */
  access_token_expire_in: z.number().int(),
  refresh_token: z.string().min(1),
  refresh_token_expire_in: z.number().int(),
  open_id: z.string().optional(),
  seller_name: z.string().optional(),
  seller_base_region: z.string().optional(),
  user_type: z.number().int().optional(),
});

export type TikTokToken = z.infer<typeof tokenDataSchema>;
