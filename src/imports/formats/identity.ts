// The columns that identify a kind of export (its ids and key times). A header holding another kind's identity
// columns is not this kind, whatever else it shares ("GMV", "Orders", "Creator name" are everywhere).
import { HeaderMatcher } from "../headers.js";
import { AFFILIATE_VIDEO_HEADERS } from "./affiliate-video-headers.js";
import { LIVE_SESSION_HEADERS } from "./live-session-headers.js";
import { ORDER_HEADERS } from "./order-headers.js";
import { SETTLEMENT_HEADERS } from "./settlement-headers.js";

function identity(aliases: readonly (readonly string[])[]): HeaderMatcher<"identity"> {
  return new HeaderMatcher<"identity">({ identity: aliases.flat() }, []);
}

export const VIDEO_IDENTITY = identity([
  AFFILIATE_VIDEO_HEADERS.videoId,
  AFFILIATE_VIDEO_HEADERS.videoLink,
  AFFILIATE_VIDEO_HEADERS.postDate,
]);
export const LIVE_IDENTITY = identity([LIVE_SESSION_HEADERS.roomId, LIVE_SESSION_HEADERS.startedAt]);
export const ORDER_IDENTITY = identity([ORDER_HEADERS.orderId]);
export const SETTLEMENT_IDENTITY = identity([SETTLEMENT_HEADERS.id]);
