// The export kinds parseExport knows, their record types, and their formats in detection order.
import type { AffiliateCreatorStats } from "./formats/affiliate-creators.js";
import { affiliateCreatorsFormat } from "./formats/affiliate-creators.js";
import type { AffiliateVideoStats } from "./formats/affiliate-videos.js";
import { affiliateVideosFormat } from "./formats/affiliate-videos.js";
import type { ExportFormat } from "./formats/format.js";
import type { LiveSession } from "./formats/live-sessions.js";
import { liveSessionsFormat } from "./formats/live-sessions.js";
import { ordersFormat } from "./formats/orders.js";
import type { SettlementLine } from "./formats/settlements.js";
import { settlementsFormat } from "./formats/settlements.js";
import type { OrderLine } from "./order-line.js";

export const EXPORT_KINDS = [
  "orders",
  "affiliate_creators",
  "affiliate_videos",
  "live_sessions",
  "settlements",
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The normalised record of each kind. */
export interface ExportRecords {
  orders: OrderLine;
  affiliate_creators: AffiliateCreatorStats;
  affiliate_videos: AffiliateVideoStats;
  live_sessions: LiveSession;
  settlements: SettlementLine;
}

export type AnyFormat = ExportFormat<string, ExportRecords[ExportKind]>;

export const FORMATS: { readonly [K in ExportKind]: ExportFormat<string, ExportRecords[K]> } = {
  orders: ordersFormat as ExportFormat<string, OrderLine>,
  affiliate_creators: affiliateCreatorsFormat as ExportFormat<string, AffiliateCreatorStats>,
  affiliate_videos: affiliateVideosFormat as ExportFormat<string, AffiliateVideoStats>,
  live_sessions: liveSessionsFormat as ExportFormat<string, LiveSession>,
  settlements: settlementsFormat as ExportFormat<string, SettlementLine>,
};

/** Natural key of a record, for flagging duplicates inside one file. */
export function naturalKey(kind: ExportKind, record: ExportRecords[ExportKind]): string {
  switch (kind) {
    case "orders": {
      const r = record as OrderLine;
      return `${r.orderId}:${r.skuId}`;
    }
    case "affiliate_creators": {
      const r = record as AffiliateCreatorStats;
      return `${r.creatorHandle}:${r.periodStart ?? ""}:${r.periodEnd ?? ""}`;
    }
    case "affiliate_videos":
      return (record as AffiliateVideoStats).key;
    case "live_sessions":
      return (record as LiveSession).key;
    case "settlements": {
      const r = record as SettlementLine;
      return `${r.id}:${r.type}`;
    }
  }
}
