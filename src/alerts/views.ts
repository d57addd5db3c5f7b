// AlertEvent rows → what messages show (with the handles of whoever acknowledged or was assigned).
import { Decimal } from "decimal.js";
import type { MemberRepository } from "../members/repository.js";
import { type AlertView, type StoredCause, shortIdOf } from "./render.js";
import type { AlertEventRow } from "./repository.js";
import type { Severity } from "./types.js";

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function storedCauseOf(row: AlertEventRow): StoredCause {
  const stored = row.rootCause as Partial<StoredCause> | null;
  return {
    scopeLabel: stored?.scopeLabel ?? row.scopeId,
    currency: stored?.currency ?? "USD",
    cause: stored?.cause ?? null,
  };
}

export async function toViews(rows: AlertEventRow[], members: MemberRepository): Promise<AlertView[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.acknowledgedById, r.assignedToId]).filter((x): x is string => !!x))];
  const handles = new Map((await members.findByIds(ids, { activeOnly: false })).map((m) => [m.id, m.handle]));
  return rows.map((r) => ({
    id: r.id,
    groupKey: r.groupKey ?? r.id,
    shortId: shortIdOf(r.id),
    metricKey: r.metricKey,
    ruleId: r.ruleId,
    firstDate: iso(r.firstDate),
    lastDate: iso(r.lastDate),
    severity: r.severity as Severity,
    direction: r.direction === "down" ? "down" : "up",
    status: r.status,
    observed: new Decimal(r.observed.toString()),
    expected: r.expected === null ? null : new Decimal(r.expected.toString()),
    stored: storedCauseOf(r),
    snoozedUntil: r.snoozedUntil,
    acknowledgedBy: r.acknowledgedById ? (handles.get(r.acknowledgedById) ?? null) : null,
    assignedTo: r.assignedToId ? (handles.get(r.assignedToId) ?? null) : null,
    suppressed: r.suppressed,
  }));
}
