// Finance settlements (Finance > Statements / Income, "Order details" sheet) → one record per order or
// adjustment line. Natural key: id + type (an order and an adjustment on it share the id).
import { HeaderMatcher } from "../headers.js";
import type { RowReader } from "../row-reader.js";
import { type ExportFormat, type FormatContext, matchWith } from "./format.js";
import { LIVE_IDENTITY, ORDER_IDENTITY, VIDEO_IDENTITY } from "./identity.js";
import { SETTLEMENT_HEADERS, type SettlementField } from "./settlement-headers.js";

export interface SettlementLine {
  line: number;
  /** "Order/adjustment ID", as text. */
  id: string;
  /** "Order", or the adjustment type ("Withholding tax", "Violation fee (settlement fee)"); NFKC, so full-width
   * brackets read as ASCII. */
  type: string;
  /** Shop-local date-times; null when blank (adjustments have no order creation time). */
  createdAt: string | null;
  settledAt: string | null;
  /** From the Currency column, else the amounts' symbols, else the caller's currency. */
  currency: string | null;
  /** Decimal strings, signed as in the file (fees and refunds are negative). */
  totalSettlementAmount: string;
  totalRevenue: string | null;
  refundSubtotal: string | null;
  totalFees: string | null;
  affiliateCommission: string | null;
  relatedOrderId: string | null;
}

const matcher = new HeaderMatcher<SettlementField>(SETTLEMENT_HEADERS, ["id", "totalSettlementAmount"]);

export function matchesSettlements(header: readonly string[]) {
  return matchWith(matcher, header, [VIDEO_IDENTITY, LIVE_IDENTITY, ORDER_IDENTITY]);
}

function parseSettlement(r: RowReader<SettlementField>, _context: FormatContext): SettlementLine {
  const id = r.requiredId("id");
  r.setCurrency(r.text("currency"), "currency");
  return {
    line: r.line,
    id,
    type: (r.text("type") ?? "").normalize("NFKC"),
    createdAt: r.date("createdAt")?.iso ?? null,
    settledAt: r.date("settledAt")?.iso ?? null,
    totalSettlementAmount: r.requiredMoney("totalSettlementAmount"),
    totalRevenue: r.money("totalRevenue"),
    refundSubtotal: r.money("refundSubtotal"),
    totalFees: r.money("totalFees"),
    affiliateCommission: r.money("affiliateCommission"),
    currency: r.rowCurrency(),
    relatedOrderId: r.id("relatedOrderId"),
  };
}

export const settlementsFormat: ExportFormat<SettlementField, SettlementLine> = {
  matcher,
  dateFields: ["createdAt", "settledAt"],
  probeFields: ["id", "totalSettlementAmount"],
  matches: matchesSettlements,
  parse: parseSettlement,
};
