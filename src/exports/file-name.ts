// What a file is called says what is in it and when: starling-facts-ID-beauty-2026-11.csv,
// starling-logs-sari-2026-W47.csv, starling-creators-all-2026-11-23.csv (creators: the day they were exported).
import { DateTime } from "luxon";
import type { Period } from "../domain/periods.js";
import type { ExportKind, ExportScope } from "./types.js";

export function periodTag(period: Period): string {
  const start = DateTime.fromISO(period.start, { zone: "utc" });
  switch (period.kind) {
    case "month":
      return start.toFormat("yyyy-MM");
    case "quarter":
      return `${start.year}-Q${start.quarter}`;
    case "week":
      return start.toFormat("kkkk-'W'WW");
    case "day":
      return period.start;
    case "custom":
      return `${period.start}_${period.end}`;
  }
}

export function scopeTag(scope: ExportScope): string {
  const raw = scope.kind === "member" ? scope.handle : scope.kind === "team" ? scope.slug : "all";
  // Slugs and handles are usually safe already; anything a file system or a download header dislikes becomes "-".
  return raw.replace(/[^A-Za-z0-9._-]+/g, "-");
}

export function exportFileName(kind: ExportKind, scope: ExportScope, when: string): string {
  return `starling-${kind}-${scopeTag(scope)}-${when}.csv`;
}
