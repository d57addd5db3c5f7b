// The numbers behind /kpi: a member's or a team's figures for a period with targets, tiers, pace and trend;
// leaderboards; market comparisons in the workspace's reporting currency. Returns views; render.ts words them.

import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { pushTo } from "../domain/collections.js";
import { UserError } from "../domain/errors.js";
import { baseMetricsFor, computeMetric, findMetric, getMetric, type MetricDefinition } from "../domain/metrics.js";
import { isPeriodError, type Period, parsePeriod } from "../domain/periods.js";
import { assertCanViewBoard, assertCanViewMember, assertCanViewTeam, atLeast } from "../domain/permissions.js";
import { compositeScore, evaluateTarget, type TargetEvaluation } from "../domain/targets.js";
import { dayAfter, type ShopBehind, type TeamFreshness } from "../freshness/rules.js";
import type { FreshnessService } from "../freshness/service.js";
import { commonCompleteThrough } from "../freshness/service.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import type { StoredTarget, TargetRepository } from "../targets/repository.js";
import { convertDaily, totalsByKey } from "./convert.js";
import type { FxRepository } from "./fx-repository.js";
import { type FactRepository, orgSourceOf, rollUpTeam } from "./repository.js";

/** What /kpi shows when a member has no target on a metric: the headline numbers, if there are any. */
export const MEMBER_HEADLINE = [
  "gmv_gross",
  "orders",
  "videos_posted",
  "live_sessions",
  "live_minutes",
  "creators_contacted",
  "reply_rate",
  "samples_shipped",
];
export const TEAM_HEADLINE = [
  "gmv_gross",
  "gmv_net",
  "orders",
  "aov",
  "roi",
  "ctr",
  "cvr",
  "return_rate",
  "videos_posted",
];

export interface MetricLine {
  def: MetricDefinition;
  /** Over the complete days of the period (through `through`). */
  value: Decimal | null;
  reason?: "zero_denominator" | "no_data";
  /** The same number of complete days of the previous period, for the trend. */
  previous: Decimal | null;
  target?: { stored: StoredTarget; evaluation: TargetEvaluation };
  /** What arrived for the days after `through` that are not complete yet ("so far"); absent when nothing did. */
  soFar?: Decimal;
}

/** A shop that holds figures back, named with its team (boards and comparisons span several teams). */
export interface BehindNote extends ShopBehind {
  teamSlug: string;
}

/** What a figure's span is and what is missing from it: the words after "through". */
export interface SpanNote {
  /** Days of the period that have begun but are not complete, after `through`; null when there are none. */
  notInYet: { from: string; to: string } | null;
  /** Shops that usually report and are not complete through yesterday, with since when. */
  behind: BehindNote[];
}

export interface KpiReport {
  subject: { kind: "member"; member: MemberProfile } | { kind: "team"; team: TeamProfile };
  currency: string;
  period: Period;
  /** Last day included: the last complete day (never today), or the period's end if it is over and complete. */
  through: string;
  span: SpanNote;
  lines: MetricLine[];
  /** Weighted composite of target attainment, when there are targets. */
  composite: number | null;
  fxFallbacks: { date: string; rateDate: string }[];
  /** For teams: members ranked by the first line's metric. */
  topMembers?: { member: MemberProfile; value: Decimal }[];
}

export interface BoardRow {
  rank: number;
  member: MemberProfile;
  value: Decimal;
}

export interface Board {
  def: MetricDefinition;
  period: Period;
  through: string;
  span: SpanNote;
  currency: string;
  scopeLabel: string;
  rows: BoardRow[];
  viewerRow: BoardRow | null;
  fxFallbacks: { date: string; rateDate: string }[];
}

export interface MarketComparison {
  def: MetricDefinition;
  period: Period;
  through: string;
  span: SpanNote;
  currency: string;
  rows: { market: string; teams: string[]; value: Decimal | null }[];
  fxFallbacks: { date: string; rateDate: string }[];
}

export interface KpiDeps {
  facts: FactRepository;
  targets: TargetRepository;
  members: MemberRepository;
  fx: FxRepository;
  clock: () => DateTime;
  workspaceCurrency: (workspaceId: string) => Promise<string>;
  freshness: Pick<FreshnessService, "forTeams">;
}

const HISTORY_DAYS = 28;

function resolvePeriod(arg: string | undefined, zone: string, clock: () => DateTime) {
  const now = clock().setZone(zone);
  const period = parsePeriod(arg, now);
  if (isPeriodError(period)) {
    throw new UserError("error.bad_period", { value: arg ?? "" }, "/kpi board gmv month");
  }
  return { period, now, today: now.toISODate() as string };
}

/**
 * The span a figure can honestly cover: the period through its teams' last common complete day, and the days after
 * it that have begun but are not in. Today is never complete, so a figure never counts half a day as a whole one.
 */
export function spanOf(
  period: Period,
  today: string,
  freshness: { team: { slug: string }; freshness: TeamFreshness }[],
): { through: string; span: SpanNote } {
  const complete = commonCompleteThrough(
    freshness.map((f) => f.freshness),
    DateTime.fromISO(today, { zone: "utc" }).minus({ days: 1 }).toISODate() as string,
  );
  const through = complete < period.end ? complete : period.end;
  const lastBegun = today < period.end ? today : period.end;
  const from = dayAfter(through) > period.start ? dayAfter(through) : period.start;
  const behind = freshness
    .flatMap((f) => f.freshness.behind.map((b) => ({ ...b, teamSlug: f.team.slug })))
    // Only shops past their usual arrival are named (before it, the day is just "not in yet"), and only those
    // whose gap reaches into this period.
    .filter((b) => b.overdue && b.missingSince <= period.end)
    .sort((a, b) => b.days - a.days || a.shopName.localeCompare(b.shopName));
  return { through, span: { notInYet: from <= lastBegun ? { from, to: lastBegun } : null, behind } };
}

/** The same stretch of days one period earlier: Nov 1–22 → Oct 1–22 (clipped to October's end). */
export function previousWindow(period: Period, through: string): { from: string; to: string } {
  const start = DateTime.fromISO(period.start, { zone: "utc" });
  const elapsed = DateTime.fromISO(through, { zone: "utc" }).diff(start, "days").days;
  const unit = { week: { weeks: 1 }, month: { months: 1 }, quarter: { months: 3 } } as const;
  const prevStart =
    period.kind in unit
      ? start.minus(unit[period.kind as keyof typeof unit])
      : start.minus({ days: DateTime.fromISO(period.end, { zone: "utc" }).diff(start, "days").days + 1 });
  const prevEnd = DateTime.min(prevStart.plus({ days: elapsed }), start.minus({ days: 1 }));
  return { from: prevStart.toISODate() as string, to: prevEnd.toISODate() as string };
}

function metricOrFail(text: string | undefined, example: string): MetricDefinition {
  const def = text ? findMetric(text) : undefined;
  if (!def) throw new UserError("error.unknown_metric", { metric: text ?? "" }, example);
  return def;
}

const targetPeriodKind = (period: Period) =>
  period.kind === "week" || period.kind === "month" || period.kind === "quarter" ? period.kind : null;

export function createKpiService(deps: KpiDeps) {
  const { facts, targets, members } = deps;

  async function lines(
    keys: string[],
    sums: Map<string, Decimal>,
    previous: Map<string, Decimal>,
    stored: StoredTarget[],
    daily: (metricKeys: string[]) => Promise<Map<string, { date: string; value: Decimal }[]>>,
    period: Period,
    through: string,
    soFar: Map<string, Decimal> = new Map(),
  ): Promise<MetricLine[]> {
    const sumTargets = stored.filter((t) => getMetric(t.metricKey)?.aggregation === "sum");
    const dailyByMetric = await daily(sumTargets.map((t) => t.metricKey));
    return keys.flatMap((key): MetricLine[] => {
      const def = getMetric(key);
      if (!def) return [];
      const computed = computeMetric(key, sums);
      const target = stored.find((t) => t.metricKey === key);
      // Only totals add up "so far": half a day's ROI or CVR says nothing about the day.
      const partial = def.aggregation === "sum" ? computeMetric(key, soFar).value : null;
      const hasPartial = partial !== null && !partial.isZero();
      if (computed.value === null && computed.reason === "no_data" && !target && !hasPartial) return [];
      const line: MetricLine = {
        def,
        value: computed.value,
        reason: computed.reason,
        previous: computeMetric(key, previous).value,
      };
      if (hasPartial) line.soFar = partial;
      if (target && target.tiers.length > 0) {
        const series = dailyByMetric.get(key) ?? [];
        line.target = {
          stored: target,
          evaluation: evaluateTarget({
            direction: def.direction,
            aggregation: def.aggregation,
            tiers: target.tiers,
            actual: computed.value ?? new Decimal(0),
            period,
            today: through,
            dailyActuals: series.filter((d) => d.date >= period.start),
            history: series.filter((d) => d.date < period.start),
          }),
        };
      }
      return [line];
    });
  }

  const composite = (ls: MetricLine[]) => {
    const items = ls.flatMap((l) =>
      l.target ? [{ attainment: l.target.evaluation.attainment, weight: l.target.stored.weight }] : [],
    );
    return items.length ? compositeScore(items) : null;
  };

  const historyStart = (period: Period) =>
    DateTime.fromISO(period.start, { zone: "utc" }).minus({ days: HISTORY_DAYS }).toISODate() as string;

  async function memberReport(
    viewer: MemberProfile,
    subjectHandle: string | null,
    periodArg?: string,
  ): Promise<KpiReport> {
    let subject = viewer;
    if (subjectHandle) {
      const found = await members.findByHandle(viewer.workspaceId, subjectHandle);
      if (!found)
        throw new UserError("error.unknown_member", { handle: subjectHandle.replace(/^@/, "") }, "/kpi @sari");
      subject = found;
    }
    assertCanViewMember(viewer, subject);
    const zone = subject.team?.timezone ?? subject.timezone;
    const { period, now, today } = resolvePeriod(periodArg, zone, deps.clock);
    const team = subject.team;
    const freshness = team ? await deps.freshness.forTeams([team], now) : new Map<string, TeamFreshness>();
    const { through, span } = spanOf(
      period,
      today,
      team && freshness.get(team.id) ? [{ team, freshness: freshness.get(team.id) as TeamFreshness }] : [],
    );
    const kind = targetPeriodKind(period);
    const stored = kind
      ? (
          await targets.forScopes(subject.workspaceId, [{ scopeType: "member", scopeId: subject.id }], [period.start])
        ).filter((t) => t.periodKind === kind)
      : [];
    const keys = [...new Set([...stored.map((t) => t.metricKey), ...MEMBER_HEADLINE])];
    const base = [...new Set(keys.flatMap(baseMetricsFor))];
    const prev = previousWindow(period, through);
    const [current, previous, partial] = await Promise.all([
      facts.memberSums([subject.id], { metricKeys: base, from: period.start, to: through }),
      facts.memberSums([subject.id], { metricKeys: base, from: prev.from, to: prev.to }),
      span.notInYet
        ? facts.memberSums([subject.id], { metricKeys: base, from: span.notInYet.from, to: span.notInYet.to })
        : Promise.resolve([]),
    ]);
    const daily = async (metricKeys: string[]) => {
      const rows = await facts.memberDaily([subject.id], { metricKeys, from: historyStart(period), to: through });
      return groupDaily(rows);
    };
    const ls = await lines(
      keys,
      totalsByKey(current).get(subject.id) ?? new Map(),
      totalsByKey(previous).get(subject.id) ?? new Map(),
      stored,
      daily,
      period,
      through,
      totalsByKey(partial).get(subject.id) ?? new Map(),
    );
    const currency = subject.team?.currency ?? (await deps.workspaceCurrency(subject.workspaceId));
    const fxFallbacks = subject.team
      ? await facts.fxFallbacks([subject.team.id], { metricKeys: base, from: period.start, to: through })
      : [];
    return {
      subject: { kind: "member", member: subject },
      currency,
      period,
      through,
      span,
      lines: ls,
      composite: composite(ls),
      fxFallbacks,
    };
  }

  async function teamReport(
    viewer: MemberProfile,
    teamArg: string | undefined,
    periodArg?: string,
  ): Promise<KpiReport> {
    const team = teamArg ? await members.findTeam(viewer.workspaceId, teamArg) : viewer.team;
    if (!team) {
      const teams = (await members.listTeams(viewer.workspaceId)).map((t) => t.slug).join(", ");
      throw new UserError("error.unknown_team", { team: teamArg ?? "", teams }, "/kpi team ID-beauty");
    }
    assertCanViewTeam(viewer, team);
    const { period, now, today } = resolvePeriod(periodArg, team.timezone, deps.clock);
    const teamFreshness = (await deps.freshness.forTeams([team], now)).get(team.id) as TeamFreshness;
    const { through, span } = spanOf(period, today, [{ team, freshness: teamFreshness }]);
    const kind = targetPeriodKind(period);
    const prev = previousWindow(period, through);
    const headlineBase = [...new Set(TEAM_HEADLINE.flatMap(baseMetricsFor))];
    const notInYet = span.notInYet;
    const sums = (metricKeys: string[]) =>
      Promise.all([
        facts.teamSums([team.id], { metricKeys, from: period.start, to: through }),
        facts.teamSums([team.id], { metricKeys, from: prev.from, to: prev.to }),
        notInYet
          ? facts.teamSums([team.id], { metricKeys, from: notInYet.from, to: notInYet.to })
          : Promise.resolve([]),
      ]);
    // Independent reads run together: targets, the headline sums, the roster and the FX notes.
    const [storedAll, [headCurrent, headPrevious, headPartial], teamMembers, fxFallbacks] = await Promise.all([
      kind
        ? targets.forScopes(
            team.workspaceId,
            [
              { scopeType: "team", scopeId: team.id },
              { scopeType: "market", scopeId: team.market },
            ],
            [period.start],
          )
        : Promise.resolve([]),
      sums(headlineBase),
      members.listTeamMembers(team.id),
      facts.fxFallbacks([team.id], { metricKeys: headlineBase, from: period.start, to: through }),
    ]);
    const stored = storedAll.filter((t) => t.periodKind === kind);
    const keys = [...new Set([...stored.map((t) => t.metricKey), ...TEAM_HEADLINE])];
    // Targets on metrics outside the headline need their own sums (rare: one more round trip).
    const extra = [...new Set(keys.flatMap(baseMetricsFor))].filter((k) => !headlineBase.includes(k));
    const [extraCurrent, extraPrevious, extraPartial] = extra.length ? await sums(extra) : [[], [], []];
    const current = [...headCurrent, ...extraCurrent];
    const previous = [...headPrevious, ...extraPrevious];
    const partial = [...headPartial, ...extraPartial];
    const daily = async (metricKeys: string[]) => {
      const rows = await facts.teamDaily([team.id], { metricKeys, from: historyStart(period), to: through });
      // Roll each day up the same way as the period total: the source is decided over the whole window, so a day
      // without shop sales is a zero day of the shops, not a day of members' logs.
      const source = orgSourceOf(rows);
      const perDay = new Map<string, typeof rows>();
      for (const r of rows) pushTo(perDay, r.date, r);
      const result = new Map<string, { date: string; value: Decimal }[]>();
      for (const [date, dayRows] of perDay) {
        for (const [metric, value] of rollUpTeam(dayRows, source).get(team.id) ?? []) {
          pushTo(result, metric, { date, value });
        }
      }
      return result;
    };
    const ls = await lines(
      keys,
      rollUpTeam(current).get(team.id) ?? new Map(),
      rollUpTeam(previous).get(team.id) ?? new Map(),
      stored,
      daily,
      period,
      through,
      // The tail not in yet takes each metric from where the period's total takes it.
      rollUpTeam(partial, orgSourceOf(current, partial)).get(team.id) ?? new Map(),
    );
    const headline = ls[0]?.def ?? getMetric("gmv_gross");
    let topMembers: KpiReport["topMembers"] = [];
    if (headline) {
      const sums = totalsByKey(
        await facts.memberSums(
          teamMembers.map((m) => m.id),
          { metricKeys: baseMetricsFor(headline.key), from: period.start, to: through },
        ),
      );
      topMembers = teamMembers
        .map((member) => ({ member, value: computeMetric(headline.key, sums.get(member.id) ?? new Map()).value }))
        .filter((r): r is { member: MemberProfile; value: Decimal } => r.value !== null)
        .sort((a, b) =>
          headline.direction === "higher_better" ? b.value.comparedTo(a.value) : a.value.comparedTo(b.value),
        )
        .slice(0, 5);
    }
    return {
      subject: { kind: "team", team },
      currency: team.currency,
      period,
      through,
      span,
      lines: ls,
      composite: composite(ls),
      fxFallbacks,
      topMembers,
    };
  }

  async function board(viewer: MemberProfile, metricArg: string | undefined, periodArg?: string): Promise<Board> {
    assertCanViewBoard(viewer);
    const def = metricOrFail(metricArg, "/kpi board gmv month");
    const everyone = atLeast(viewer, "manager");
    const teams = everyone ? await members.listTeams(viewer.workspaceId) : viewer.team ? [viewer.team] : [];
    const zone = viewer.team?.timezone ?? viewer.timezone;
    const { period, now, today } = resolvePeriod(periodArg, zone, deps.clock);
    const currencies = new Set(teams.map((t) => t.currency));
    // Independent reads together: every ranked team's freshness (the same complete days for all: a team whose shop
    // is late is not ranked on fewer days), who is active where, and the reporting currency when it is needed.
    const [freshness, teamOf, reporting] = await Promise.all([
      deps.freshness.forTeams(teams, now),
      members.activeTeamIds(viewer.workspaceId),
      currencies.size === 1 ? Promise.resolve([...currencies][0] ?? "USD") : deps.workspaceCurrency(viewer.workspaceId),
    ]);
    const { through, span } = spanOf(
      period,
      today,
      teams.map((team) => ({ team, freshness: freshness.get(team.id) as TeamFreshness })),
    );
    const base = baseMetricsFor(def.key);
    const range = { metricKeys: base, from: period.start, to: through };
    // Only active members of the teams in scope rank; their profiles are loaded for the few rows shown.
    const teamIds = new Set(teams.map((t) => t.id));
    const currencyOfTeam = new Map(teams.map((t) => [t.id, t.currency]));
    const inScope = (memberId: string) => {
      const teamId = teamOf.get(memberId);
      return teamId !== undefined && teamId !== null && teamIds.has(teamId);
    };
    let totals: Map<string, Map<string, Decimal>>;
    let fxFallbacks: { date: string; rateDate: string }[] = [];
    if (currencies.size <= 1) {
      // One currency: no conversion, so one grouped query answers the board.
      totals = totalsByKey(
        await facts.memberSumsInWorkspace(viewer.workspaceId, everyone ? null : [...teamIds], range),
      );
    } else {
      const ids = [...teamOf.keys()].filter(inScope);
      const daily = await facts.memberDaily(ids, range);
      const fx = await deps.fx.lookup([...currencies, reporting], period.start, through);
      const currencyOf = (id: string) => currencyOfTeam.get(teamOf.get(id) ?? "") ?? reporting;
      const converted = convertDaily(daily, currencyOf, reporting, fx);
      totals = totalsByKey(converted.sums);
      fxFallbacks = [...converted.fallbacks].map(([date, rateDate]) => ({ date, rateDate }));
    }
    const ranking = [...totals]
      .filter(([memberId]) => inScope(memberId))
      .map(([memberId, sums]) => ({ memberId, value: computeMetric(def.key, sums).value }))
      .filter((r): r is { memberId: string; value: Decimal } => r.value !== null)
      .sort((a, b) => {
        const order = def.direction === "higher_better" ? b.value.comparedTo(a.value) : a.value.comparedTo(b.value);
        return order !== 0 ? order : a.memberId.localeCompare(b.memberId);
      });
    const viewerIndex = ranking.findIndex((r) => r.memberId === viewer.id);
    const shownIds = [...ranking.slice(0, 10).map((r) => r.memberId), ...(viewerIndex >= 10 ? [viewer.id] : [])];
    const profiles = new Map((await members.findByIds(shownIds, { activeOnly: true })).map((m) => [m.id, m]));
    const rowAt = (index: number): BoardRow | null => {
      const entry = ranking[index];
      const member = entry ? profiles.get(entry.memberId) : undefined;
      return entry && member ? { rank: index + 1, member, value: entry.value } : null;
    };
    const rows = ranking.slice(0, 10).flatMap((_, i) => rowAt(i) ?? []);
    return {
      def,
      period,
      through,
      span,
      currency: reporting,
      scopeLabel: everyone ? "all teams" : (viewer.team?.slug ?? ""),
      rows,
      viewerRow: viewerIndex >= 0 ? rowAt(viewerIndex) : null,
      fxFallbacks,
    };
  }

  async function compareMarkets(
    viewer: MemberProfile,
    metricArg: string | undefined,
    periodArg?: string,
  ): Promise<MarketComparison> {
    assertCanViewBoard(viewer);
    const def = metricOrFail(metricArg, "/kpi compare markets gmv month");
    const teams = atLeast(viewer, "manager")
      ? await members.listTeams(viewer.workspaceId)
      : viewer.team
        ? [viewer.team]
        : [];
    const currency = await deps.workspaceCurrency(viewer.workspaceId);
    const { period, now, today } = resolvePeriod(periodArg, viewer.team?.timezone ?? viewer.timezone, deps.clock);
    const freshness = await deps.freshness.forTeams(teams, now);
    const { through, span } = spanOf(
      period,
      today,
      teams.map((team) => ({ team, freshness: freshness.get(team.id) as TeamFreshness })),
    );
    const range = { metricKeys: baseMetricsFor(def.key), from: period.start, to: through };
    const rows = await facts.teamDaily(
      teams.map((t) => t.id),
      range,
    );
    const byTeam = new Map(teams.map((t) => [t.id, t]));
    const fx = await deps.fx.lookup([...teams.map((t) => t.currency), currency], period.start, through);
    // Roll up per team and day first (shop facts win over member facts), then convert each day's money.
    // Each team's source per metric is decided over the whole period, as for /kpi team.
    const source = orgSourceOf(rows);
    const perTeamDay = new Map<string, typeof rows>();
    for (const r of rows) pushTo(perTeamDay, `${r.key}|${r.date}`, r);
    const rolled = [...perTeamDay.values()].flatMap((dayRows) => {
      const first = dayRows[0];
      if (!first) return [];
      return [...(rollUpTeam(dayRows, source).get(first.key) ?? new Map<string, Decimal>())].map(
        ([metricKey, value]) => ({
          key: first.key,
          scopeType: "team" as const,
          date: first.date,
          metricKey,
          value,
        }),
      );
    });
    const converted = convertDaily(rolled, (teamId) => byTeam.get(teamId)?.currency ?? currency, currency, fx);
    const byMarket = totalsByKey(converted.sums.map((r) => ({ ...r, key: byTeam.get(r.key)?.market ?? "?" })));
    const markets = [...new Set(teams.map((t) => t.market))];
    const compared = markets
      .map((market) => ({
        market,
        teams: teams.filter((t) => t.market === market).map((t) => t.slug),
        value: computeMetric(def.key, byMarket.get(market) ?? new Map()).value,
      }))
      .sort((a, b) => {
        if (a.value === null || b.value === null) return a.value === null ? 1 : -1;
        return def.direction === "higher_better" ? b.value.comparedTo(a.value) : a.value.comparedTo(b.value);
      });
    return {
      def,
      period,
      through,
      span,
      currency,
      rows: compared,
      fxFallbacks: [...converted.fallbacks].map(([date, rateDate]) => ({ date, rateDate })),
    };
  }

  function define(metricArg: string | undefined): MetricDefinition {
    return metricOrFail(metricArg, "/kpi define roi");
  }

  /** Raw member sums over local dates [from, to], per member and stored metric (standup summaries, digests). */
  async function memberSums(memberIds: string[], metricKeys: string[], from: string, to: string) {
    return totalsByKey(await facts.memberSums(memberIds, { metricKeys, from, to }));
  }

  return { memberReport, teamReport, board, compareMarkets, define, memberSums };
}

function groupDaily(rows: { date: string; metricKey: string; value: Decimal }[]) {
  const result = new Map<string, { date: string; value: Decimal }[]>();
  for (const r of rows) pushTo(result, r.metricKey, { date: r.date, value: r.value });
  return result;
}

export type KpiService = ReturnType<typeof createKpiService>;
