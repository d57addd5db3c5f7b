// Affiliate creator performance (Affiliate Center > Creator Data, Creator List) → one record per creator and
// period. Natural key: creator handle + period (periodStart/periodEnd; both null when the file names no period,
// in which case the importer must supply the range the export was taken for).
import { parseHandle } from "../cells.js";
import { parseDateRange } from "../dates.js";
import { HeaderMatcher } from "../headers.js";
import { type RowReader, RowSkip } from "../row-reader.js";
import { AFFILIATE_CREATOR_HEADERS, type AffiliateCreatorField } from "./affiliate-creator-headers.js";
import { type ExportFormat, type FormatContext, matchWith } from "./format.js";
import { LIVE_IDENTITY, ORDER_IDENTITY, SETTLEMENT_IDENTITY, VIDEO_IDENTITY } from "./identity.js";

export interface AffiliateCreatorStats {
  line: number;
  /** Lower case, no "@". */
  creatorHandle: string;
  /** Display name when the file has one. */
  creatorName: string | null;
  /** "YYYY-MM-DD", inclusive; from a date column, else from a range line above the header, else null. */
  periodStart: string | null;
  periodEnd: string | null;
  /** ISO 4217 code when the cells name it ("$" → USD, or the caller's currency), else the caller's, else null. */
  currency: string | null;
  /** Decimal strings. */
  gmv: string | null;
  estCommission: string | null;
  orders: number | null;
  itemsSold: number | null;
  videos: number | null;
  liveStreams: number | null;
  samplesShipped: number | null;
}

const matcher = new HeaderMatcher<AffiliateCreatorField>(AFFILIATE_CREATOR_HEADERS, [
  ["creatorHandle", "creatorName"],
  "gmv",
]);

export function matchesAffiliateCreators(header: readonly string[]) {
  return matchWith(matcher, header, [VIDEO_IDENTITY, LIVE_IDENTITY, ORDER_IDENTITY, SETTLEMENT_IDENTITY]);
}

function parseCreator(r: RowReader<AffiliateCreatorField>, context: FormatContext): AffiliateCreatorStats {
  const name = r.text("creatorName");
  // Without a username column, a name that is handle-shaped (no spaces) is the handle: Creator Data files
  // list creators by their @name.
  const handle = r.has("creatorHandle") ? r.handle("creatorHandle") : parseHandle(name ?? undefined);
  if (!handle) {
    if (name !== null) throw new RowSkip(`${r.headerOf("creatorName")} '${name}' is not a creator handle`);
    throw new RowSkip(`missing ${r.headerOf(r.has("creatorHandle") ? "creatorHandle" : "creatorName")}`);
  }
  let period = context.period;
  const periodText = r.text("period");
  if (periodText !== null) {
    const range = parseDateRange(periodText, context.dateOrder);
    const day = range ? null : r.date("period");
    period = range ?? (day ? { start: day.date, end: day.date } : null);
  }
  return {
    line: r.line,
    creatorHandle: handle,
    creatorName: r.has("creatorHandle") ? name : null,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    gmv: r.money("gmv"),
    estCommission: r.money("estCommission"),
    currency: r.rowCurrency(),
    orders: r.count("orders"),
    itemsSold: r.count("itemsSold"),
    videos: r.count("videos"),
    liveStreams: r.count("liveStreams"),
    samplesShipped: r.count("samplesShipped"),
  };
}

export const affiliateCreatorsFormat: ExportFormat<AffiliateCreatorField, AffiliateCreatorStats> = {
  matcher,
  dateFields: ["period"],
  probeFields: ["gmv", "orders", "videos"],
  matches: matchesAffiliateCreators,
  parse: parseCreator,
};
