// Everything a command, action or job may use, built once in main.ts and passed down (no singletons).
import type { AlertScan } from "./alerts/scan.js";
import type { AlertService } from "./alerts/service.js";
import type { AuditLog } from "./audit/repository.js";
import type { CreatorService } from "./creators/service.js";
import type { DigestService } from "./digest/service.js";
import type { WeeklyReport } from "./digest/weekly.js";
import type { IdentityService } from "./identity/service.js";
import type { LogService } from "./logs/service.js";
import type { MemberRepository } from "./members/repository.js";
import type { KpiService } from "./metrics/kpi-service.js";
import type { StandupService } from "./standup/service.js";
import type { TargetService } from "./targets/service.js";

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
}
