// The period of an export, read in the scope's own calendar: facts and logs need one (nothing typed means this
// month), creators are a snapshot of now and take none.
import type { DateTime } from "luxon";
import { isPeriodError, type Period, parsePeriod } from "../domain/periods.js";
import type { ExportKind } from "./types.js";

export type ExportPeriod =
  | { ok: true; period: Period | null }
  | { ok: false; error: "bad_period" }
  | { ok: false; error: "creators_take_no_period" };

export function readExportPeriod(kind: ExportKind, text: string, now: DateTime): ExportPeriod {
  if (kind === "creators")
    return text.trim() ? { ok: false, error: "creators_take_no_period" } : { ok: true, period: null };
  const period = parsePeriod(text, now);
  return isPeriodError(period) ? { ok: false, error: "bad_period" } : { ok: true, period };
}
