// Affiliate video performance (Affiliate Center > Video Data, Video List, Creator Video List) → one record per
// video (per video and product in Video Data, which lists each product a video sells on its own row).
// Natural key: `key` = video id (+ ":" + product id when the file has a Product ID column); a file with neither
// id nor link (the VN Creator Video List) is keyed by creator + post date + title.
import { videoIdFromLink } from "../cells.js";
import { HeaderMatcher } from "../headers.js";
import { type RowReader, RowSkip } from "../row-reader.js";
import { AFFILIATE_VIDEO_HEADERS, type AffiliateVideoField } from "./affiliate-video-headers.js";
import { type ExportFormat, type FormatContext, matchWith } from "./format.js";
import { LIVE_IDENTITY, ORDER_IDENTITY, SETTLEMENT_IDENTITY } from "./identity.js";

export interface AffiliateVideoStats {
  line: number;
  /** Natural key, see above. */
  key: string;
  /** From the Video ID column, else from the link's "/video/<id>"; null when the file has neither. */
  videoId: string | null;
  videoLink: string | null;
  productId: string | null;
  title: string | null;
  /** Lower case, no "@"; null when the file only has display names. */
  creatorHandle: string | null;
  creatorName: string | null;
  /** "YYYY-MM-DD" (shop-local). */
  postDate: string | null;
  /** "YYYY-MM-DDTHH:mm:ss" when the cell had a time, else null. */
  postedAt: string | null;
  currency: string | null;
  /** Decimal strings. */
  gmv: string | null;
  refundedGmv: string | null;
  estCommission: string | null;
  orders: number | null;
  itemsSold: number | null;
  itemsRefunded: number | null;
  impressions: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
}

const matcher = new HeaderMatcher<AffiliateVideoField>(AFFILIATE_VIDEO_HEADERS, [
  ["videoId", "videoLink", "postDate"],
  ["creatorHandle", "creatorName", "title"],
  "gmv",
]);

export function matchesAffiliateVideos(header: readonly string[]) {
  return matchWith(matcher, header, [LIVE_IDENTITY, ORDER_IDENTITY, SETTLEMENT_IDENTITY]);
}

function parseVideo(r: RowReader<AffiliateVideoField>, _context: FormatContext): AffiliateVideoStats {
  const link = r.text("videoLink");
  const fromLink = link === null ? null : videoIdFromLink(link);
  const videoId = r.id("videoId") ?? fromLink;
  if (videoId === null && link !== null) throw new RowSkip(`no video id in ${r.headerOf("videoLink")} '${link}'`);
  const creatorHandle = r.handle("creatorHandle");
  const creatorName = r.text("creatorName");
  const title = r.text("title");
  const posted = r.date("postDate");
  const productId = r.id("productId");
  let key: string;
  if (videoId !== null) key = r.has("productId") ? `${videoId}:${productId ?? ""}` : videoId;
  else {
    const who = creatorHandle ?? creatorName;
    if (who === null || posted === null || title === null)
      throw new RowSkip(
        r.has("videoId")
          ? `missing ${r.headerOf("videoId")}`
          : "no video id, and no creator, post date and title to key on",
      );
    key = `${who}|${posted.date}|${title}`;
  }
  return {
    line: r.line,
    key,
    videoId,
    videoLink: link,
    productId,
    title,
    creatorHandle,
    creatorName,
    postDate: posted?.date ?? null,
    postedAt: posted?.hasTime ? posted.iso : null,
    gmv: r.money("gmv"),
    refundedGmv: r.money("refundedGmv"),
    estCommission: r.money("estCommission"),
    currency: r.rowCurrency(),
    orders: r.count("orders"),
    itemsSold: r.count("itemsSold"),
    itemsRefunded: r.count("itemsRefunded"),
    impressions: r.count("impressions"),
    views: r.count("views"),
    likes: r.count("likes"),
    comments: r.count("comments"),
  };
}

export const affiliateVideosFormat: ExportFormat<AffiliateVideoField, AffiliateVideoStats> = {
  matcher,
  dateFields: ["postDate"],
  probeFields: ["videoId", "gmv", "orders"],
  matches: matchesAffiliateVideos,
  parse: parseVideo,
};
