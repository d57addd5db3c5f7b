// Validated rows into facts: the metric must be a stored daily sum, the scope must exist, the date must be a day the
// team has reached (one day of slack for clocks and zones), and no fact may appear twice in one request.
import type { DateTime } from "luxon";
import { baseMetricsFor, findMetric, getMetric, isMoney } from "../domain/metrics.js";
import type { TeamProfile } from "../members/types.js";
import type { Directory } from "./directory.js";
import type { RowProblem } from "./errors.js";
import type { FactRow } from "./row-schema.js";
import type { ValidRow } from "./validate.js";

export interface ResolvedFact {
  row: number;
  workspaceId: string;
  team: TeamProfile;
  date: string;
  metricKey: string;
  money: boolean;
  scopeType: "team" | "shop" | "member";
  scopeId: string;
  memberId: string | null;
  shopId: string | null;
  contentType: "none" | "video" | "live" | "product_card";
  traffic: "none" | "organic" | "paid";
  productId: string;
  /** As sent, in `currency`. */
  value: string;
  currency: string;
}

/** Why a metric cannot be sent, or null when it is a stored daily sum. */
export function metricRefusal(key: string): string | null {
  const def = getMetric(key);
  if (!def) {
    const named = findMetric(key);
    return named ? `“${key}” is a name of ${named.key}: send the key "${named.key}"` : `unknown metric “${key}”`;
  }
  if (def.aggregation === "ratio") {
    return `${key} is a ratio (${def.formulaEn}), computed from its parts over any period: send ${baseMetricsFor(key).join(" and ")} instead`;
  }
  if (def.derivedFrom || def.aggregation !== "sum") {
    return `${key} is computed (${def.formulaEn}): send ${baseMetricsFor(key).join(" and ")} instead`;
  }
  return null;
}

export function resolveRows(
  rows: ValidRow[],
  ctx: { workspaceId: string; directory: Directory; now: DateTime; fieldName(field: string): string },
): { facts: ResolvedFact[]; problems: RowProblem[] } {
  const facts: ResolvedFact[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { row, fact } of rows) {
    const problem = (field: string, message: string) =>
      problems.push({ code: "invalid_row", row, field: ctx.fieldName(field), message });
    const refusal = metricRefusal(fact.metric);
    if (refusal) problem("metric", refusal);
    const scope = resolveScope(fact, ctx.directory);
    if ("missing" in scope) {
      problem(scope.field, scope.missing);
      continue;
    }
    const { team } = scope;
    // The team's own calendar: a fact for "tomorrow" in Jakarta may already be today in London's afternoon.
    const latest = ctx.now.setZone(team.timezone).plus({ days: 1 }).toISODate() as string;
    if (fact.date > latest) {
      problem("date", `${fact.date} is in the future: ${team.slug}'s latest day now is ${latest} (${team.timezone})`);
    }
    const def = getMetric(fact.metric);
    if (refusal || !def || fact.date > latest) continue;
    const resolved: ResolvedFact = {
      row,
      workspaceId: ctx.workspaceId,
      team,
      date: fact.date,
      metricKey: fact.metric,
      money: isMoney(def),
      ...scope.ids,
      contentType: fact.contentType ?? "none",
      traffic: fact.traffic ?? "none",
      productId: fact.productId ?? "",
      value: fact.value,
      currency: fact.currency ?? team.currency,
    };
    const key = naturalKey(resolved);
    const first = seen.get(key);
    if (first !== undefined) {
      problem(
        "value",
        `repeats row ${first} (same date, metric, scope, content type, traffic and product): send each fact once`,
      );
      continue;
    }
    seen.set(key, row);
    facts.push(resolved);
  }
  return { facts, problems };
}

type ScopeIds = Pick<ResolvedFact, "scopeType" | "scopeId" | "memberId" | "shopId">;

function resolveScope(
  fact: FactRow,
  directory: Directory,
): { team: TeamProfile; ids: ScopeIds } | { field: "team" | "shop" | "member"; missing: string } {
  if (fact.shop !== undefined) {
    const found = directory.shop(fact.shop);
    if ("missing" in found) return { field: "shop", missing: found.missing };
    const { shop, team } = found.found;
    return { team, ids: { scopeType: "shop", scopeId: shop.id, shopId: shop.id, memberId: null } };
  }
  if (fact.member !== undefined) {
    const found = directory.member(fact.member);
    if ("missing" in found) return { field: "member", missing: found.missing };
    const { member, team } = found.found;
    return { team, ids: { scopeType: "member", scopeId: member.id, memberId: member.id, shopId: null } };
  }
  const found = directory.team(fact.team ?? "");
  if ("missing" in found) return { field: "team", missing: found.missing };
  return { team: found.found, ids: { scopeType: "team", scopeId: found.found.id, memberId: null, shopId: null } };
}

/** The columns of the Fact table's natural key (the source is always "ingest"). */
const naturalKey = (f: ResolvedFact) =>
  [f.team.id, f.date, f.metricKey, f.scopeType, f.scopeId, f.contentType, f.traffic, f.productId].join("\u0000");
