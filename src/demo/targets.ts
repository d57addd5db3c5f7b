// Targets for the current month and ISO week (in each team's zone), sized from the generated data so that
// the base tier is reachable: base ≈ 0.9 × the expected period total, stretch 1.05 ×, challenge 1.2 ×.
import { Decimal } from "decimal.js";
import type { PeriodKind } from "../generated/prisma/enums.js";
import type { FactStats } from "./facts.js";
import { moneyDigits } from "./facts.js";
import type { DemoMember, DemoTeam } from "./fixtures.js";
import { parseToday } from "./fx.js";

export interface TargetSpec {
  teamId: string;
  scopeType: "team" | "member";
  scopeId: string;
  metricKey: string;
  periodKind: PeriodKind;
  /** First local date of the period, yyyy-MM-dd. */
  periodStart: string;
  weight: string;
  currency: string | null;
  createdByHandle: string;
  tiers: { rank: number; name: string; value: string }[];
}

const TIERS = [
  { rank: 1, name: "base", multiple: 0.9 },
  { rank: 2, name: "stretch", multiple: 1.05 },
  { rank: 3, name: "challenge", multiple: 1.2 },
];

function tiers(expected: number, digits: number): TargetSpec["tiers"] {
  // Three significant digits read like a target a manager would type ("95,300,000", "1,240").
  return TIERS.map(({ rank, name, multiple }) => ({
    rank,
    name,
    value: new Decimal(Math.max(1, expected * multiple)).toSignificantDigits(3).toFixed(digits),
  }));
}

function mean(values: Iterable<number>): number {
  let total = 0;
  let count = 0;
  for (const value of values) {
    total += value;
    count++;
  }
  return count === 0 ? 0 : total / count;
}

export function demoTargets(input: {
  /** Each team's `today` is its own local date. */
  teams: readonly { def: DemoTeam; id: string; holidays: ReadonlySet<string>; today: string }[];
  members: readonly { def: DemoMember; id: string }[];
  stats: FactStats;
  managerHandle: string;
}): TargetSpec[] {
  const specs: TargetSpec[] = [];
  for (const team of input.teams) {
    const now = parseToday(team.today, team.def.timezone);
    const month = { start: now.startOf("month"), end: now.endOf("month") };
    const week = { start: now.startOf("week"), end: now.endOf("week") };
    const since = now.minus({ days: 28 }).toISODate() as string;
    const recent = (byDate: Map<string, number> | undefined) =>
      [...(byDate ?? new Map<string, number>()).entries()].filter(([date]) => date >= since).map(([, v]) => v);
    const workingDaysIn = (period: typeof month) => {
      let count = 0;
      for (let d = period.start; d <= period.end; d = d.plus({ days: 1 })) {
        if (team.def.workingDays.includes(d.weekday) && !team.holidays.has(d.toISODate() as string)) count++;
      }
      return count;
    };
    const monthStart = month.start.toISODate() as string;
    const weekStart = week.start.toISODate() as string;
    const lead = input.members.find((m) => m.def.teamSlug === team.def.slug && m.def.role === "lead");
    const currency = team.def.currency;

    const teamDaily = mean(recent(input.stats.teamGmv.get(team.def.slug)));
    specs.push({
      teamId: team.id,
      scopeType: "team",
      scopeId: team.id,
      metricKey: "gmv_gross",
      periodKind: "month",
      periodStart: monthStart,
      weight: "1",
      currency,
      createdByHandle: input.managerHandle,
      tiers: tiers(teamDaily * month.end.day, moneyDigits(currency)),
    });

    for (const member of input.members.filter((m) => m.def.teamSlug === team.def.slug)) {
      const daily = input.stats.memberDaily.get(member.id);
      const plans: { metricKey: string; kind: PeriodKind; money: boolean }[] = [];
      if (member.def.functions.includes("host")) plans.push({ metricKey: "gmv_gross", kind: "month", money: true });
      if (member.def.functions.includes("editor"))
        plans.push({ metricKey: "videos_posted", kind: "month", money: false });
      if (member.def.functions.includes("bd"))
        plans.push({ metricKey: "creators_contacted", kind: "week", money: false });
      for (const plan of plans) {
        const perDay = mean(recent(daily?.get(plan.metricKey)));
        const period = plan.kind === "month" ? month : week;
        specs.push({
          teamId: team.id,
          scopeType: "member",
          scopeId: member.id,
          metricKey: plan.metricKey,
          periodKind: plan.kind,
          periodStart: plan.kind === "month" ? monthStart : weekStart,
          weight: new Decimal(1).div(plans.length).toDecimalPlaces(4).toString(),
          currency: plan.money ? currency : null,
          createdByHandle: lead?.def.handle ?? input.managerHandle,
          tiers: tiers(perDay * workingDaysIn(period), plan.money ? moneyDigits(currency) : 0),
        });
      }
    }
  }
  return specs;
}
