// The shapes the alert scan passes between its steps: what is watched (a scope), what was found (a finding),
// and why (a root cause).

export type AlertScopeType = "team" | "shop" | "member";

export interface AlertScope {
  type: AlertScopeType;
  id: string;
  /** How people name it: the team name, the shop name, @handle. */
  label: string;
}

/** The dimensions a change is broken down by, in the order they are tried. */
export const DIMENSIONS = ["market", "shop", "content_type", "traffic", "creator", "product"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type Severity = "warning" | "major" | "critical";
export const SEVERITY_RANK: Record<Severity, number> = { warning: 1, major: 2, critical: 3 };

export interface Contribution {
  /** The segment's key (a shop id, "live", a creator id). */
  segment: string;
  label: string;
  /** Its part of the change, in the metric's unit (money in the team's currency, a fraction for rates). */
  delta: string;
  /** Its share of the whole change: 0.96 means it explains 96% of it. */
  share: number;
}

export interface RootCause {
  dimension: Dimension;
  contributors: Contribution[];
  /** Other dimensions that also concentrate the change, with their top contributor. */
  also: { dimension: Dimension; top: Contribution }[];
}

/** One incident as the scan sees it, before it becomes (or extends) an AlertEvent. */
export interface Finding {
  scope: AlertScope;
  metricKey: string;
  /** null: the statistical detector; else the rule that fired. */
  ruleId: string | null;
  startDate: string;
  endDate: string;
  /** The day with the largest deviation. */
  peakDate: string;
  direction: "up" | "down";
  severity: Severity;
  observed: string;
  expected: string | null;
  /** Robust z (detector) or relative change (rules) at the peak. */
  score: number;
  /** Is the latest evaluated day still anomalous? */
  ongoing: boolean;
}
