// The TikTok Shop Open API endpoints Starling reads: the shops a seller authorised (each with the `cipher` that
// shop-scoped calls need) and the order list, paged through with page_token / next_page_token. Request shapes follow
// the official Node SDK (api/orderV202309Api.ts::OrdersSearchPost: page_size, page_token, sort_field, sort_order and
// shop_cipher in the query; filters in the JSON body) and the Get Order List doc page (650aa8094a0bb702c06df242).
import { DateTime } from "luxon";
import { createSignedCaller, type SignedCallerOptions } from "./request.js";
import {
  authorizedShopsDataSchema,
  orderSearchDataSchema,
  type TikTokOrder,
  type TikTokOrderStatus,
  type TikTokShop,
} from "./schemas.js";

export const TIKTOK_OPEN_API_BASE_URL = "https://open-api.tiktokglobalshop.com";
export const SHOPS_PATH = "/authorization/202309/shops";
export const ORDER_SEARCH_PATH = "/order/202309/orders/search";
/** page_size's valid range for Get Order List. */
export const MAX_ORDER_PAGE_SIZE = 100;

export type TikTokShopClientOptions = SignedCallerOptions;

/** Unix seconds, or a luxon DateTime (any zone: the API filters on absolute instants). */
export type Instant = number | DateTime;

export interface SearchOrdersParams {
  shopCipher: string;
  /** create_time_ge: inclusive. */
  createdFrom?: Instant;
  /** create_time_lt: exclusive. */
  createdTo?: Instant;
  /** update_time_ge / update_time_lt, for incremental syncs. */
  updatedFrom?: Instant;
  updatedTo?: Instant;
  status?: TikTokOrderStatus;
  /** 1-100, default 50. */
  pageSize?: number;
  sortField?: "create_time" | "update_time";
  sortOrder?: "ASC" | "DESC";
}

export interface OrderPage {
  orders: TikTokOrder[];
  totalCount: number | null;
}

export interface TikTokShopClient {
  getAuthorizedShops(): Promise<TikTokShop[]>;
  /** Every page of the search, in order; a new request per page. */
  searchOrderPages(params: SearchOrdersParams): AsyncIterable<OrderPage>;
  /** Every order of every page. */
  searchOrders(params: SearchOrdersParams): AsyncIterable<TikTokOrder>;
}

export function toUnixSeconds(value: Instant, name: string): number {
  if (DateTime.isDateTime(value)) {
    if (!value.isValid) throw new Error(`${name} is an invalid DateTime: ${value.invalidExplanation}`);
    return Math.floor(value.toSeconds());
  }
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be whole unix seconds, got ${value}`);
  // Unix seconds stay below 1e11 until the year 5138; a larger number is almost certainly milliseconds.
  if (value >= 1e11) throw new Error(`${name} looks like milliseconds (${value}); the API takes unix seconds`);
  return value;
}

function searchBody(params: SearchOrdersParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (params.status !== undefined) body.order_status = params.status;
  if (params.createdFrom !== undefined) body.create_time_ge = toUnixSeconds(params.createdFrom, "createdFrom");
  if (params.createdTo !== undefined) body.create_time_lt = toUnixSeconds(params.createdTo, "createdTo");
  if (params.updatedFrom !== undefined) body.update_time_ge = toUnixSeconds(params.updatedFrom, "updatedFrom");
  if (params.updatedTo !== undefined) body.update_time_lt = toUnixSeconds(params.updatedTo, "updatedTo");
  return body;
}

export function createTikTokShopClient(options: TikTokShopClientOptions): TikTokShopClient {
  const call = createSignedCaller(options);

  async function* searchOrderPages(params: SearchOrdersParams): AsyncGenerator<OrderPage> {
    const pageSize = params.pageSize ?? 50;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_ORDER_PAGE_SIZE) {
      throw new Error(`pageSize must be 1-${MAX_ORDER_PAGE_SIZE}, got ${pageSize}`);
    }
    const body = searchBody(params);
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (;;) {
      const data = await call(
        {
          method: "POST",
          path: ORDER_SEARCH_PATH,
          query: {
            shop_cipher: params.shopCipher,
            page_size: pageSize,
            page_token: pageToken,
            sort_field: params.sortField ?? "create_time",
            // Oldest first (the API defaults to DESC): an import cut short has a clean prefix of the range.
            sort_order: params.sortOrder ?? "ASC",
          },
          body,
        },
        orderSearchDataSchema,
      );
      yield { orders: data.orders, totalCount: data.total_count ?? null };
      const next = data.next_page_token;
      if (!next) return;
      // A cursor that comes back again would page forever; stop loudly instead.
      if (seenTokens.has(next)) throw new Error(`TikTok Shop ${ORDER_SEARCH_PATH} returned page_token ${next} twice`);
      seenTokens.add(next);
      pageToken = next;
    }
  }

  return {
    async getAuthorizedShops() {
      // Not shop-scoped: no shop_cipher (EcomPHP strips it for /authorization/* too).
      const data = await call({ method: "GET", path: SHOPS_PATH }, authorizedShopsDataSchema);
      return data.shops;
    },
    searchOrderPages,
    async *searchOrders(params) {
      for await (const page of searchOrderPages(params)) yield* page.orders;
    },
  };
}
