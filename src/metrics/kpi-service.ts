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
import { dayAfter, dayBefore, localDays, type ShopBehind, type TeamFreshness } from "../freshness/rules.js";
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
  freshness: { team: { slug: string }; freshness: Pick<TeamFreshness, "completeThrough" | "behind"> }[],
): { through: string; span: SpanNote } {
  const complete = commonCompleteThrough(
    freshness.map((f) => f.freshness),
    dayBefore(today),
  );
  const through = complete < period.end ? complete : period.end;
  const behind = freshness
    .flatMap((f) => f.freshness.behind.map((b) => ({ ...b, teamSlug: f.team.slug })))
    // Only shops past their usual arrival are named (before it, the day is just "not in yet"), and only those
    // whose gap reaches into this period.
    .filter((b) => b.overdue && b.missingSince <= period.end)
    .sort((a, b) => b.days - a.days || a.shopName.localeCompare(b.shopName));
  return { through, span: { notInYet: notInYetOf(period, today, through), behind } };
}

/** The days of the period after `through` that have begun (through today): what arrived for them is "so far". */
export function notInYetOf(period: Period, today: string, through: string): { from: string; to: string } | null {
  const lastBegun = today < period.end ? today : period.end;
  const from = dayAfter(through) > period.start ? dayAfter(through) : period.start;
  return from <= lastBegun ? { from, to: lastBegun } : null;
}

/**
 * The span a figure covers when every feed of its teams is in: each team complete through its own yesterday. What a
 * command reads on while freshness is still being read (see `overlapped`).
 */
function spanIfAllIn(period: Period, today: string, teams: { slug: string; timezone: string }[], now: DateTime) {
  return spanOf(
    period,
    today,
    teams.map((team) => ({
      team,
      freshness: { completeThrough: localDays(now, team.timezone).yesterday, behind: [] },
    })),
  ).through;
}

/**
 * Starts `read` on a guessed last complete day while freshness is still being read, and gives its answer when the
 * real day is the same; otherwise reads again on the real one. A command then waits for its figures and freshness
 * side by side, not one after the other, and the figures are always those of the real span.
 */
function overlapped<T>(guess: string, read: (through: string) => Promise<T>): (through: string) => Promise<T> {
  const early = read(guess);
  // Awaited below, or dropped when the guess was wrong: a failure then must not surface as an unhandled rejection.
  early.catch(() => {});
  return (through) => (through === guess ? early : read(through));
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

  function lines(
    keys: string[],
    sums: Map<string, Decimal>,
    previous: Map<string, Decimal>,
    stored: StoredTarget[],
    /** Daily values of the metrics with a target on a total, from HISTORY_DAYS before the period (the pace). */
    dailyByMetric: Map<string, { date: string; value: Decimal }[]>,
    period: Period,
    through: string,
    soFar: Map<string, Decimal> = new Map(),
  ): MetricLine[] {
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
    const kind = targetPeriodKind(period);
    // Freshness and targets are independent: read together.
    const [freshness, storedAll] = await Promise.all([
      team ? deps.freshness.forTeams([team], now) : new Map<string, TeamFreshness>(),
      kind
        ? targets.forScopes(subject.workspaceId, [{ scopeType: "member", scopeId: subject.id }], [period.start])
        : [],
    ]);
    const { through, span } = spanOf(
      period,
      today,
      team && freshness.get(team.id) ? [{ team, freshness: freshness.get(team.id) as TeamFreshness }] : [],
    );
    const stored = storedAll.filter((t) => t.periodKind === kind);
    const keys = [...new Set([...stored.map((t) => t.metricKey), ...MEMBER_HEADLINE])];
    const base = [...new Set(keys.flatMap(baseMetricsFor))];
    const prev = previousWindow(period, through);
    const sumTargets = stored.filter((t) => getMetric(t.metricKey)?.aggregation === "sum").map((t) => t.metricKey);
    // Then everything that depends on the span at once: the three windows, the daily series for the pace, the FX
    // notes and the currency.
    const [current, previous, partial, dailyByMetric, fxFallbacks, currency] = await Promise.all([
      facts.memberSums([subject.id], { metricKeys: base, from: period.start, to: through }),
      facts.memberSums([subject.id], { metricKeys: base, from: prev.from, to: prev.to }),
      span.notInYet
        ? facts.memberSums([subject.id], { metricKeys: base, from: span.notInYet.from, to: span.notInYet.to })
        : Promise.resolve([]),
      sumTargets.length
        ? facts
            .memberDaily([subject.id], { metricKeys: sumTargets, from: historyStart(period), to: through })
            .then(groupDaily)
        : new Map<string, { date: string; value: Decimal }[]>(),
      team ? facts.fxFallbacks([team.id], { metricKeys: base, from: period.start, to: through }) : [],
      team?.currency ?? deps.workspaceCurrency(subject.workspaceId),
    ]);
    const ls = lines(
      keys,
      totalsByKey(current).get(subject.id) ?? new Map(),
      totalsByKey(previous).get(subject.id) ?? new Map(),
      stored,
      dailyByMetric,
      period,
      through,
      totalsByKey(partial).get(subject.id) ?? new Map(),
    );
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

  /**
   * The last day each scope's figures were read through, per period and local day: the next command's guess (a shop
   * that is behind stays behind for hours, and a board then misses the "all in" guess every time). Only a hint: the
   * figures are always those of the day freshness gives, so a stale or missing hint (a write through another replica,
   * a restart) costs one more read, never a wrong number. Bounded: cleared when it gets large.
   */
  const lastThrough = new Map<string, string>();
  const LAST_THROUGH_MAX = 1_000;
  const guessThrough = (key: string, allIn: () => string) => lastThrough.get(key) ?? allIn();
  const rememberThrough = (key: string, through: string) => {
    if (lastThrough.size >= LAST_THROUGH_MAX) lastThrough.clear();
    lastThrough.set(key, through);
  };

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
    const kind = targetPeriodKind(period);
    const headlineBase = [...new Set(TEAM_HEADLINE.flatMap(baseMetricsFor))];
    // The top members are ranked by the report's first line: TEAM_HEADLINE's first metric unless a target or a
    // metric without data says otherwise (then they are read again below).
    const likelyHeadline = baseMetricsFor(TEAM_HEADLINE[0] as string);
    const windowsOf = (through: string) => ({
      current: { from: period.start, to: through },
      previous: previousWindow(period, through),
      partial: notInYetOf(period, today, through),
    });
    // Everything that depends on the span, read while freshness is, in one statement: the three windows' sums, the
    // top members' sums and the FX notes.
    const spanKey = `team|${team.id}|${period.start}|${period.end}|${today}`;
    const figures = overlapped(
      guessThrough(spanKey, () => spanIfAllIn(period, today, [team], now)),
      (through) =>
        facts.teamFigures(team.id, {
          windows: windowsOf(through),
          windowMetrics: headlineBase,
          memberMetrics: likelyHeadline,
          fxMetrics: headlineBase,
        }),
    );
    // Independent reads run together: freshness, targets, the roster and the figures above.
    const [freshness, storedAll, teamMembers] = await Promise.all([
      deps.freshness.forTeams([team], now),
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
      members.listTeamMembers(team.id),
    ]);
    const { through, span } = spanOf(period, today, [{ team, freshness: freshness.get(team.id) as TeamFreshness }]);
    rememberThrough(spanKey, through);
    const headSums = await figures(through);
    const { fxFallbacks } = headSums;
    const windows = windowsOf(through);
    const stored = storedAll.filter((t) => t.periodKind === kind);
    const keys = [...new Set([...stored.map((t) => t.metricKey), ...TEAM_HEADLINE])];
    // Targets on metrics outside the headline need their own sums, and targets on totals their daily series for
    // the pace (rare: one more round trip, both together).
    const extra = [...new Set(keys.flatMap(baseMetricsFor))].filter((k) => !headlineBase.includes(k));
    const sumTargets = stored.filter((t) => getMetric(t.metricKey)?.aggregation === "sum").map((t) => t.metricKey);
    const [extraSums, dailyByMetric] = await Promise.all([
      facts.teamFigures(team.id, { windows, windowMetrics: extra, memberMetrics: [], fxMetrics: [] }),
      sumTargets.length ? teamDaily(team.id, sumTargets, historyStart(period), through) : new Map(),
    ]);
    const current = [...headSums.current, ...extraSums.current];
    const previous = [...headSums.previous, ...extraSums.previous];
    const partial = [...headSums.partial, ...extraSums.partial];
    const ls = lines(
      keys,
      rollUpTeam(current).get(team.id) ?? new Map(),
      rollUpTeam(previous).get(team.id) ?? new Map(),
      stored,
      dailyByMetric,
      period,
      through,
      // The tail not in yet takes each metric from where the period's total takes it.
      rollUpTeam(partial, orgSourceOf(current, partial)).get(team.id) ?? new Map(),
    );
    const headline = ls[0]?.def ?? getMetric("gmv_gross");
    let topMembers: KpiReport["topMembers"] = [];
    if (headline) {
      const base = baseMetricsFor(headline.key);
      const sameBase = base.length === likelyHeadline.length && base.every((k) => likelyHeadline.includes(k));
      const sums = totalsByKey(
        sameBase
          ? headSums.members
          : (await facts.teamFigures(team.id, { windows, windowMetrics: [], memberMetrics: base, fxMetrics: [] }))
              .members,
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

  /** A team's daily totals per metric over [from, to], each day rolled up like the period's total (pacing). */
  async function teamDaily(teamId: string, metricKeys: string[], from: string, to: string) {
    const rows = await facts.teamDaily([teamId], { metricKeys, from, to });
    // Roll each day up the same way as the period total: the source is decided over the whole window, so a day
    // without shop sales is a zero day of the shops, not a day of members' logs.
    const source = orgSourceOf(rows);
    const perDay = new Map<string, typeof rows>();
    for (const r of rows) pushTo(perDay, r.date, r);
    const result = new Map<string, { date: string; value: Decimal }[]>();
    for (const [date, dayRows] of perDay) {
      for (const [metric, value] of rollUpTeam(dayRows, source).get(teamId) ?? []) {
        pushTo(result, metric, { date, value });
      }
    }
    return result;
  }

  async function board(viewer: MemberProfile, metricArg: string | undefined, periodArg?: string): Promise<Board> {
    assertCanViewBoard(viewer);
    const def = metricOrFail(metricArg, "/kpi board gmv month");
    const everyone = atLeast(viewer, "manager");
    const teams = everyone ? await members.listTeams(viewer.workspaceId) : viewer.team ? [viewer.team] : [];
    const zone = viewer.team?.timezone ?? viewer.timezone;
    const { period, now, today } = resolvePeriod(periodArg, zone, deps.clock);
    const currencies = new Set(teams.map((t) => t.currency));
    const teamIds = teams.map((t) => t.id);
    const base = baseMetricsFor(def.key);
    const reporting =
      currencies.size === 1 ? Promise.resolve([...currencies][0] ?? "USD") : deps.workspaceCurrency(viewer.workspaceId);
    // Several currencies: who is active in which team (their money converts from its currency), read once.
    const teamOf = currencies.size > 1 ? members.activeTeamIds(viewer.workspaceId) : null;
    // Only active members of the teams in scope rank; their profiles are loaded for the few rows shown.
    const inScope = (teamId: string | null | undefined) =>
      teamId !== undefined && teamId !== null && teamIds.includes(teamId);
    const totalsThrough = async (
      through: string,
    ): Promise<{ totals: Map<string, Map<string, Decimal>>; fxFallbacks: { date: string; rateDate: string }[] }> => {
      const range = { metricKeys: base, from: period.start, to: through };
      if (!teamOf) {
        // One currency: no conversion, so one grouped query answers the board.
        const sums = await facts.memberSumsInWorkspace(
          viewer.workspaceId,
          { factTeams: everyone ? null : teamIds, memberTeams: teamIds },
          range,
        );
        return { totals: totalsByKey(sums), fxFallbacks: [] };
      }
      const [membersTeams, currency] = await Promise.all([teamOf, reporting]);
      const ids = [...membersTeams].filter(([, teamId]) => inScope(teamId)).map(([id]) => id);
      const [daily, fx] = await Promise.all([
        facts.memberDaily(ids, range),
        deps.fx.lookup([...currencies, currency], period.start, through),
      ]);
      const currencyOfTeam = new Map(teams.map((t) => [t.id, t.currency]));
      const currencyOf = (id: string) => currencyOfTeam.get(membersTeams.get(id) ?? "") ?? currency;
      const converted = convertDaily(daily, currencyOf, currency, fx);
      return {
        totals: totalsByKey(converted.sums),
        fxFallbacks: [...converted.fallbacks].map(([date, rateDate]) => ({ date, rateDate })),
      };
    };
    // Every ranked team's freshness decides the span (the same complete days for all: a team whose shop is late is
    // not ranked on fewer days); the totals are read on the likely span meanwhile.
    const spanKey = `board|${viewer.workspaceId}|${everyone ? "*" : teamIds.join(",")}|${period.start}|${period.end}|${today}`;
    const totalsOn = overlapped(
      guessThrough(spanKey, () => spanIfAllIn(period, today, teams, now)),
      totalsThrough,
    );
    const [freshness, currency] = await Promise.all([deps.freshness.forTeams(teams, now), reporting]);
    const { through, span } = spanOf(
      period,
      today,
      teams.map((team) => ({ team, freshness: freshness.get(team.id) as TeamFreshness })),
    );
    rememberThrough(spanKey, through);
    const { totals, fxFallbacks } = await totalsOn(through);
    const ranking = [...totals]
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
      currency,
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
