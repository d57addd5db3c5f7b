// The columns of each export, in order. Headers are stable snake_case names (scripts and BI read them); ids are
// quoted text (an 18-digit shop or product id must not become 7.495E+18), member text is formula-guarded, numbers
// and ISO dates are written as they are.
import { getMetric } from "../domain/metrics.js";
import type { Column } from "./csv-stream.js";
import type { CreatorExportRow, FactExportRow, LogExportRow } from "./repository.js";

export const FACT_COLUMNS: readonly Column<FactExportRow>[] = [
  { header: "fact_id", kind: "id", get: (r) => r.id },
  { header: "date", kind: "plain", get: (r) => r.date },
  { header: "team", kind: "text", get: (r) => r.team },
  { header: "metric", kind: "plain", get: (r) => r.metricKey },
  // The unit says how to read `value`: money is in team_currency, counts and ratios have none.
  { header: "unit", kind: "plain", get: (r) => getMetric(r.metricKey)?.unit ?? "" },
  { header: "scope_type", kind: "plain", get: (r) => r.scopeType },
  { header: "scope", kind: "text", get: (r) => r.scope },
  { header: "shop_external_id", kind: "id", get: (r) => r.shopExternalId },
  { header: "content_type", kind: "plain", get: (r) => r.contentType },
  { header: "traffic", kind: "plain", get: (r) => r.traffic },
  { header: "product_id", kind: "id", get: (r) => r.productId },
  { header: "value", kind: "plain", get: (r) => r.value },
  { header: "team_currency", kind: "plain", get: (r) => r.teamCurrency },
  { header: "original_currency", kind: "plain", get: (r) => r.originalCurrency },
  { header: "original_amount", kind: "plain", get: (r) => r.originalAmount },
  { header: "fx_rate_date", kind: "plain", get: (r) => r.fxRateDate },
  { header: "source", kind: "plain", get: (r) => r.source },
  { header: "import_batch_id", kind: "id", get: (r) => r.importBatchId },
];

export const LOG_COLUMNS: readonly Column<LogExportRow>[] = [
  { header: "log_id", kind: "id", get: (r) => r.id },
  { header: "local_date", kind: "plain", get: (r) => r.localDate },
  { header: "logged_at", kind: "plain", get: (r) => r.loggedAt },
  { header: "team", kind: "text", get: (r) => r.team },
  { header: "member", kind: "text", get: (r) => r.member },
  { header: "kind", kind: "plain", get: (r) => r.kind },
  { header: "count", kind: "plain", get: (r) => r.count },
  { header: "duration_minutes", kind: "plain", get: (r) => r.durationMinutes },
  { header: "gmv_amount", kind: "plain", get: (r) => r.gmvAmount },
  { header: "gmv_currency", kind: "plain", get: (r) => r.gmvCurrency },
  { header: "gmv_in_team_currency", kind: "plain", get: (r) => r.gmvInTeamCurrency },
  { header: "team_currency", kind: "plain", get: (r) => r.teamCurrency },
  { header: "fx_rate_date", kind: "plain", get: (r) => r.fxRateDate },
  { header: "tags", kind: "text", get: (r) => r.tags },
  { header: "creator", kind: "text", get: (r) => r.creator },
  { header: "channel", kind: "plain", get: (r) => r.channel },
  { header: "outcome", kind: "plain", get: (r) => r.outcome },
  { header: "note", kind: "text", get: (r) => r.note },
  { header: "source_event_id", kind: "id", get: (r) => r.sourceEventId },
  // Undone logs stay in the export (they are raw rows); this column says which ones no longer count.
  { header: "undone_at", kind: "plain", get: (r) => r.undoneAt },
];

export const CREATOR_COLUMNS: readonly Column<CreatorExportRow>[] = [
  { header: "creator_id", kind: "id", get: (r) => r.id },
  { header: "platform", kind: "plain", get: (r) => r.platform },
  { header: "handle", kind: "text", get: (r) => r.handle },
  { header: "display_handle", kind: "text", get: (r) => r.displayHandle },
  { header: "team", kind: "text", get: (r) => r.team },
  { header: "market", kind: "plain", get: (r) => r.market },
  { header: "followers", kind: "plain", get: (r) => r.followers },
  { header: "category", kind: "text", get: (r) => r.category },
  { header: "owner", kind: "text", get: (r) => r.owner },
  { header: "stage", kind: "plain", get: (r) => r.stage },
  { header: "tier", kind: "plain", get: (r) => r.tier },
  { header: "stage_changed_at", kind: "plain", get: (r) => r.stageChangedAt },
  { header: "next_follow_up_at", kind: "plain", get: (r) => r.nextFollowUpAt },
  { header: "stage_changes", kind: "plain", get: (r) => r.stageChanges },
  { header: "created_at", kind: "plain", get: (r) => r.createdAt },
];
