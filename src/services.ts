// Everything a command, action or job may use, built once in main.ts and passed down (no singletons).
import type { AlertScan } from "./alerts/scan.js";
import type { AlertService } from "./alerts/service.js";
import type { AuditLog } from "./audit/repository.js";
import type { CreatorService } from "./creators/service.js";
import type { DigestService } from "./digest/service.js";
import type { WeeklyReport } from "./digest/weekly.js";
import type { ExportService } from "./exports/service.js";
import type { FreshnessService } from "./freshness/service.js";
import type { IdentityService } from "./identity/service.js";
import type { ImportService } from "./imports/service.js";
import type { IngestTokenService } from "./ingest/token-service.js";
import type { LogService } from "./logs/service.js";
import type { MemberRepository } from "./members/repository.js";
import type { KpiService } from "./metrics/kpi-service.js";
import type { StandupService } from "./standup/service.js";
import type { TargetService } from "./targets/service.js";
import type { ConnectionRepository } from "./tiktok/connections.js";
import type { TikTokSync } from "./tiktok/sync.js";

export interface Services {
  members: MemberRepository;
  audit: AuditLog;
  kpi: KpiService;
  logs: LogService;
  targets: TargetService;
  identity: IdentityService;
  standup: StandupService;
  creators: CreatorService;
  digest: DigestService;
  weekly: WeeklyReport;
  alerts: AlertService;
  /** The anomaly scan: scheduled each morning, and run after every data import. */
  alertScan: AlertScan;
  /** Seller Center exports and Open API orders into facts. */
  imports: ImportService;
  /** /ingest: tokens for the ingest API. */
  ingest: IngestTokenService;
  /** Shops' TikTok Shop API connections (tokens encrypted), for /shop and the sync job. */
  shopConnections: ConnectionRepository;
  /** The TikTok Shop order sync; null when TIKTOK_APP_KEY / TIKTOK_APP_SECRET are unset. */
  tiktok: TikTokSync | null;
  /** /export: raw rows as CSV files. */
  exports: ExportService;
  /** The last complete day per team and which shops are behind: the span every figure names. */
  freshness: FreshnessService;
}
