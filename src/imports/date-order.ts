// Deciding a file's day/month order once, from the file's own dates. Evidence, strongest first: a date whose
// first field is over 12 (DMY) or whose second is (MDY); AM/PM times (US exports, MDY); then the caller's market
// (US → MDY, every other TikTok Shop market → DMY). A file that shows none of these, and whose dates are all
// ambiguous, is refused rather than read one way at random.
import type { DateEvidence, DateOrder } from "./dates.js";
import { ExportError } from "./errors.js";

export type DateOrderSource =
  /** The caller's `dateOrder`. */
  | "override"
  /** A date in the file that reads only one way. */
  | "file"
  /** Only ambiguous dates, but with AM/PM times: the US layout. */
  | "am_pm"
  /** Only ambiguous dates: the caller's market decided. */
  | "market"
  /** No numeric day/month dates at all (ISO dates, Excel serials, empty columns): the order does not matter. */
  | "not_needed";

export interface DateOrderDecision {
  /** Null only with source "not_needed". */
  order: DateOrder | null;
  source: DateOrderSource;
}

/** Collects evidence cell by cell; `decided` turns true as soon as one cell settles it. */
export class DateOrderSniffer {
  private dmy: string | null = null;
  private mdy: string | null = null;
  private ambiguous: string | null = null;
  private ampm = false;

  add(raw: string, evidence: DateEvidence): void {
    if (evidence === "DMY") this.dmy ??= raw;
    else if (evidence === "MDY") this.mdy ??= raw;
    else if (evidence === "ambiguous" || evidence === "ambiguous_ampm") {
      this.ambiguous ??= raw;
      if (evidence === "ambiguous_ampm") this.ampm = true;
    }
  }

  get decided(): boolean {
    return this.dmy !== null || this.mdy !== null;
  }

  decide(options: { dateOrder?: DateOrder | undefined; market?: string | undefined }): DateOrderDecision {
    if (options.dateOrder) return { order: options.dateOrder, source: "override" };
    if (this.dmy !== null && this.mdy !== null)
      throw new ExportError(
        "conflicting_date_order",
        `dates disagree: '${this.dmy.trim()}' is day/month but '${this.mdy.trim()}' is month/day; pass dateOrder to choose`,
      );
    if (this.dmy !== null) return { order: "DMY", source: "file" };
    if (this.mdy !== null) return { order: "MDY", source: "file" };
    if (this.ambiguous === null) return { order: null, source: "not_needed" };
    if (this.ampm) return { order: "MDY", source: "am_pm" };
    const order = marketDateOrder(options.market);
    if (order) return { order, source: "market" };
    throw new ExportError(
      "ambiguous_date_order",
      `every date in the file reads both ways (e.g. '${this.ambiguous.trim()}'): pass dateOrder ("DMY" or "MDY") or the shop's market`,
    );
  }
}

/** US Seller Center writes month/day; every other market (ID, VN, TH, MY, PH, SG, GB…) day/month. */
export function marketDateOrder(market: string | undefined): DateOrder | null {
  if (!market?.trim()) return null;
  return market.trim().toUpperCase() === "US" ? "MDY" : "DMY";
}
