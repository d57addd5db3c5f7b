// The root cause of one incident: its days (the last week of it at most) against the same weekdays of the four
// weeks before it started, split by every dimension the scope has, and the dimension that concentrates it.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { baseMetricsFor } from "../domain/metrics.js";
import { explainChange, type SegmentSums } from "../domain/root-cause.js";
import type { AlertRepository, SegmentRow } from "./repository.js";
import type { AlertScope, Dimension, Finding, RootCause } from "./types.js";

const BASELINE_WEEKS = 4;

const DIMENSIONS_OF: Record<AlertScope["type"], Dimension[]> = {
  team: ["market", "shop", "content_type", "traffic", "product", "creator"],
  shop: ["content_type", "traffic", "product", "creator"],
  member: ["content_type"],
};

const shift = (iso: string, days: number) =>
  DateTime.fromISO(iso, { zone: "utc" }).plus({ days }).toISODate() as string;

/** The incident's days (at most its last 7) and the same weekdays of the BASELINE_WEEKS weeks before it. */
export function comparisonDays(finding: Pick<Finding, "startDate" | "endDate">): {
  current: string[];
  baseline: string[];
} {
  const current: string[] = [];
  for (let d = finding.endDate; d >= finding.startDate && current.length < 7; d = shift(d, -1)) current.unshift(d);
  const span = DateTime.fromISO(finding.endDate).diff(DateTime.fromISO(finding.startDate), "days").days + 1;
  const firstWeek = Math.ceil(span / 7);
  const baseline: string[] = [];
  for (let k = firstWeek; k < firstWeek + BASELINE_WEEKS; k++) for (const d of current) baseline.push(shift(d, -7 * k));
  return { current, baseline };
}

function toSegments(rows: SegmentRow[], label: (segment: string) => string): SegmentSums[] {
  const bySegment = new Map<string, { current: Map<string, Decimal>; baseline: Map<string, Decimal> }>();
  for (const r of rows) {
    const entry = bySegment.get(r.segment) ?? { current: new Map(), baseline: new Map() };
    bySegment.set(r.segment, entry);
    // Baseline sums cover BASELINE_WEEKS copies of the incident's days: divide, so both sides are "per incident".
    const value = r.period === "baseline" ? r.value.div(BASELINE_WEEKS) : r.value;
    const map = entry[r.period];
    map.set(r.metricKey, (map.get(r.metricKey) ?? new Decimal(0)).plus(value));
  }
  return [...bySegment].map(([segment, sums]) => ({ segment, label: label(segment), ...sums }));
}

function totals(segments: SegmentSums[], which: "current" | "baseline"): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const s of segments) for (const [k, v] of s[which]) out.set(k, (out.get(k) ?? new Decimal(0)).plus(v));
  return out;
}

export interface ExplainDeps {
  repo: AlertRepository;
  /** A shop's display name by id. */
  shopName(id: string): string | undefined;
}

export async function explainIncident(deps: ExplainDeps, teamId: string, finding: Finding): Promise<RootCause | null> {
  const { current, baseline } = comparisonDays(finding);
  const metricKeys = baseMetricsFor(finding.metricKey);
  const splits = new Map<Dimension, SegmentSums[]>();
  let orgSegments: SegmentSums[] | null = null;
  for (const dimension of DIMENSIONS_OF[finding.scope.type]) {
    const rows = await deps.repo.segmentSums(teamId, finding.scope, dimension, metricKeys, current, baseline);
    if (dimension === "creator") {
      const handles = await deps.repo.creatorHandles([...new Set(rows.map((r) => r.segment).filter(Boolean))]);
      const segments = toSegments(rows, (s) => handles.get(s) ?? s);
      // What no creator accounts for is a segment of its own, so the creators' shares are of the whole change.
      if (orgSegments) {
        const rest = (which: "current" | "baseline") => {
          const whole = totals(orgSegments as SegmentSums[], which);
          const byCreators = totals(segments, which);
          return new Map([...whole].map(([k, v]) => [k, v.minus(byCreators.get(k) ?? 0)]));
        };
        segments.push({ segment: "__unattributed", label: "—", current: rest("current"), baseline: rest("baseline") });
      }
      splits.set(dimension, segments);
      continue;
    }
    const segments = toSegments(rows, (s) => (dimension === "shop" ? (deps.shopName(s) ?? s) : s));
    orgSegments ??= segments;
    splits.set(dimension, segments);
  }
  return explainChange(finding.metricKey, splits);
}
