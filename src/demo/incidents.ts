// Incidents planted in the demo data, so alerts, root-cause breakdowns and digests have something to find.
// Outside these windows every generated series stays within ±10% of its weekly-seasonal level.
import type { ContentType, TrafficSource } from "../generated/prisma/enums.js";
import type { DemoTeam } from "./fixtures.js";

export interface DemoIncident {
  id: "return_rate_spike" | "roi_drop" | "gmv_fall";
  description: string;
  teamSlug: DemoTeam["slug"];
  /** The one shop affected, or null for every shop of the team. */
  shopExternalId: string | null;
  /** The KPI an alert should fire on. */
  metric: string;
  /** The stored metrics that were multiplied by `factor` to produce it. */
  affectedMetrics: readonly string[];
  factor: number;
  /** First affected day is today − startDaysAgo; the incident covers `lengthDays` consecutive days from there. */
  startDaysAgo: number;
  lengthDays: number;
  /** The dimension that drives it: only facts with this content type / traffic source are touched. */
  dimension: { contentType?: ContentType; traffic?: TrafficSource };
}

export const DEMO_INCIDENTS: readonly DemoIncident[] = [
  // (1) Return-rate spike: a bad batch sold on LIVE in ID-beauty's main shop; 4× the usual returns for 3 days
  // (today−6 ... today−4), then back to normal. Refunds are left alone: only the return count moves.
  {
    id: "return_rate_spike",
    description: "ID-beauty, GlowLab Official Store: items returned ×4 on LIVE for 3 days",
    teamSlug: "ID-beauty",
    shopExternalId: "7495000000000000101",
    metric: "return_rate",
    affectedMetrics: ["items_returned"],
    factor: 4,
    startDaysAgo: 6,
    lengthDays: 3,
    dimension: { contentType: "live" },
  },
  // (2) ROI drop: a misconfigured paid campaign in TH-home doubles-and-a-half ad spend in both shops for 4 days
  // (today−12 ... today−9) while GMV stays flat.
  {
    id: "roi_drop",
    description: "TH-home, all shops: paid ad spend ×2.5 with flat GMV for 4 days",
    teamSlug: "TH-home",
    shopExternalId: null,
    metric: "roi",
    affectedMetrics: ["ad_spend"],
    factor: 2.5,
    startDaysAgo: 12,
    lengthDays: 4,
    dimension: { traffic: "paid" },
  },
  // (3) GMV fall: UK-gadgets' second shop loses 65% of its video sales for the last 4 days (today−4 ... yesterday),
  // traffic unchanged (so conversion fell); still ongoing.
  {
    id: "gmv_fall",
    description: "UK-gadgets, GizmoHub Deals: video GMV, orders and items ×0.35 for 4 days (ongoing)",
    teamSlug: "UK-gadgets",
    shopExternalId: "7495000000000000302",
    metric: "gmv_gross",
    affectedMetrics: ["gmv_gross", "orders", "items_sold"],
    factor: 0.35,
    startDaysAgo: 4,
    lengthDays: 4,
    dimension: { contentType: "video" },
  },
];

/** Days before today covered by an incident, oldest first (e.g. [6, 5, 4]). */
export function incidentDaysAgo(incident: DemoIncident): number[] {
  return Array.from({ length: incident.lengthDays }, (_, i) => incident.startDaysAgo - i);
}

/** The product of the factors of every incident touching this fact (1 when none does). */
export function incidentFactor(
  fact: { teamSlug: string; shopExternalId: string; metric: string; contentType: ContentType; traffic: TrafficSource },
  daysAgo: number,
  incidents: readonly DemoIncident[] = DEMO_INCIDENTS,
): number {
  let factor = 1;
  for (const incident of incidents) {
    if (incident.teamSlug !== fact.teamSlug) continue;
    if (incident.shopExternalId !== null && incident.shopExternalId !== fact.shopExternalId) continue;
    if (!incident.affectedMetrics.includes(fact.metric)) continue;
    if (incident.dimension.contentType !== undefined && incident.dimension.contentType !== fact.contentType) continue;
    if (incident.dimension.traffic !== undefined && incident.dimension.traffic !== fact.traffic) continue;
    if (daysAgo > incident.startDaysAgo || daysAgo <= incident.startDaysAgo - incident.lengthDays) continue;
    factor *= incident.factor;
  }
  return factor;
}
