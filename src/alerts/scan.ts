// The anomaly scan of one team: read the daily series, run the detector and the team's rules, turn findings into
// alert events (one per incident), explain new ones, post them grouped by scope within the channel's daily cap,
// and post "resolved" when a metric is back to normal. Series end at the team's and each shop's last complete day
// (freshness), and a shop whose data stopped arriving raises its own "no data" alert, once per gap, and "data is
// back" when it comes in. Runs on a schedule and after every data import.

import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { OutgoingMessage } from "../chat/message.js";
import type { PlatformName, PostedRef } from "../chat/platform.js";
import { DEFAULT_DAILY_DETECTOR, SENSITIVITY_THRESHOLDS } from "../domain/anomaly/options.js";
import { pushTo } from "../domain/collections.js";
import { baseMetricsFor } from "../domain/metrics.js";
import type { TeamFreshness } from "../freshness/rules.js";
import type { FreshnessService } from "../freshness/service.js";
import type { Logger } from "../log.js";
import type { MemberRepository } from "../members/repository.js";
import type { TeamProfile } from "../members/types.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import { detect, type Evaluation, evaluateRule, type RuleSpec } from "./evaluate.js";
import { explainIncident } from "./explain.js";
import {
  DATA_MISSING,
  renderAlertGroup,
  renderCapNote,
  renderDataBack,
  renderResolved,
  type StoredCause,
} from "./render.js";
import type { AlertEventRow, AlertRepository, AlertRuleRow } from "./repository.js";
import { buildSeries, completeThroughOf, dateRange, metricSeries, type ScopeSeries } from "./series.js";
import { type AlertScope, type Finding, SEVERITY_RANK, type Severity } from "./types.js";
import { toViews } from "./views.js";

/** Watched by the statistical detector for the team, each shop and each member, without any setup. */
export const WATCHED_METRICS = ["gmv_gross", "orders", "roi", "return_rate", "ctr", "cvr"] as const;
/** New incidents are picked up when they reach one of the last RECENT_DAYS days (late data is caught up). */
const RECENT_DAYS = 2;
/** A statistical incident that re-fires within a day of resolving continues the old alert instead of a new one. */
const STAT_COOLDOWN_MINUTES = 1440;
/** Whole days not in at which a "no data" alert is major (a sync broken since the day before) and critical (a week). */
const MISSING_MAJOR_DAYS = 2;
const MISSING_CRITICAL_DAYS = 7;

export interface ScanDeps {
  repo: AlertRepository;
  members: MemberRepository;
  fx: FxRepository;
  /** Which days are complete: series stop there, and a shop behind raises a "no data" alert. */
  freshness: Pick<FreshnessService, "forTeam">;
  clock: () => DateTime;
  /** Posts to a channel on every platform; returns where it landed (empty when nowhere). */
  post(channelId: string, msg: OutgoingMessage): Promise<PostedRef[]>;
  /** Updates every posted copy, except on the platform that is already replacing its own (a button click). */
  update(refs: PostedRef[], msg: OutgoingMessage, except?: PlatformName): Promise<void>;
  /** True once per key, across replicas: the daily-cap note is posted once a day. */
  claimOnce(key: string): Promise<boolean>;
  log: Logger;
}

export interface ScanOptions {
  /** The last day evaluated (team-local); default yesterday, the last complete day. */
  evalDate?: string;
  /** false records what is found without posting (a backfill of past days). */
  notify?: boolean;
}

export interface ScanSummary {
  team: string;
  evalDate: string;
  found: number;
  created: number;
  posted: number;
  suppressed: number;
  resolved: number;
}

const seriesKeyOf = (ruleId: string | null, metricKey: string, scopeType: string, scopeId: string) =>
  `${ruleId ?? "stat"}|${metricKey}|${scopeType}|${scopeId}`;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const asDate = (s: string) => new Date(`${s}T00:00:00Z`);
const daysBetween = (a: string, b: string) => DateTime.fromISO(b).diff(DateTime.fromISO(a), "days").days;

function missingSeverity(days: number): Severity {
  return days >= MISSING_CRITICAL_DAYS ? "critical" : days >= MISSING_MAJOR_DAYS ? "major" : "warning";
}

/** The team's detector threshold: a statistical rule on "*" holds it (see /alert sensitivity). */
export function teamSensitivity(rules: AlertRuleRow[]): number {
  const row = rules.find((r) => r.kind === "statistical" && r.metricKey === "*");
  return row?.sensitivity ? Number(row.sensitivity.toString()) : SENSITIVITY_THRESHOLDS.medium;
}

/**
 * One message per scope for what moved together. A shop's or member's alert on a metric that also moved for the
 * whole team in the same scan is the same incident seen closer up: it joins the team's message instead of
 * posting its own.
 */
export function groupByScope<T extends { finding: Finding }>(created: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const c of created) {
    const key = `${c.finding.scope.type}:${c.finding.scope.id}`;
    pushTo(groups, key, c);
  }
  const team = [...groups].find(([key]) => key.startsWith("team:"));
  if (!team) return [...groups.values()];
  const teamMetrics = new Set(team[1].map((c) => c.finding.metricKey));
  for (const [key, members] of groups) {
    if (key === team[0] || !members.every((c) => teamMetrics.has(c.finding.metricKey))) continue;
    team[1].push(...members);
    groups.delete(key);
  }
  return [...groups.values()];
}

/**
 * The smallest spread a metric's baseline may have, in its own unit: without it a history of zeros (no returns
 * yet, a shop's first orders) turns the first non-zero day into a "critical" alert.
 */
const MIN_SCALE: Record<(typeof WATCHED_METRICS)[number], number> = {
  gmv_gross: 0,
  orders: 1,
  roi: 0.1,
  return_rate: 0.003,
  ctr: 0.001,
  cvr: 0.002,
};

export function createAlertScan(deps: ScanDeps) {
  const { repo } = deps;

  async function labels(team: TeamProfile) {
    const [shops, members] = await Promise.all([repo.shopNames(team.id), deps.members.listTeamMembers(team.id)]);
    const handles = new Map(members.map((m) => [m.id, `@${m.handle}`]));
    const label = (s: ScopeSeries): string | null =>
      s.scopeType === "team"
        ? team.name
        : s.scopeType === "shop"
          ? (shops.get(s.scopeId)?.name ?? null)
          : (handles.get(s.scopeId) ?? null);
    return { shops, label };
  }

  async function floorInTeamCurrency(rule: AlertRuleRow, team: TeamProfile, date: string): Promise<Decimal | null> {
    if (!rule.floor) return null;
    const floor = new Decimal(rule.floor.toString());
    const from = rule.floorCurrency ?? team.currency;
    if (from === team.currency) return floor;
    const rate = (await deps.fx.lookup([from, team.currency], date, date)).rate(from, team.currency, date);
    if (!rate) {
      deps.log.warn(`alert rule ${rule.id}: no ${from}→${team.currency} rate on ${date}; the floor is not applied`);
      return null;
    }
    return floor.times(rate.rate);
  }

  /** Evaluates every watched series and rule: findings, and the newest day's state of every series. */
  async function evaluate(
    team: TeamProfile,
    rules: AlertRuleRow[],
    evalDate: string,
    now: DateTime,
    freshness: TeamFreshness,
  ) {
    const detector = { ...DEFAULT_DAILY_DETECTOR, sensitivity: teamSensitivity(rules) };
    const active = (r: AlertRuleRow) => r.enabled && !(r.mutedUntil && r.mutedUntil > now.toJSDate());
    const mutedMetrics = new Set(
      rules.filter((r) => r.kind === "statistical" && r.metricKey !== "*" && !active(r)).map((r) => r.metricKey),
    );
    const ruleRows = rules.filter((r) => r.kind !== "statistical");
    const metricKeys = [...new Set([...WATCHED_METRICS, ...ruleRows.map((r) => r.metricKey)])];
    const baseKeys = [...new Set(metricKeys.flatMap(baseMetricsFor))];
    const history = 7 * (detector.seasons + 1) + 14;
    const from = DateTime.fromISO(evalDate).minus({ days: history }).toISODate() as string;
    const dates = dateRange(from, evalDate);
    const sums = await repo.dailyScopeSums(team.id, baseKeys, from, evalDate);
    const series = buildSeries(team.id, dates, sums, completeThroughOf(freshness));
    const { shops, label } = await labels(team);
    const recentFrom = dates.length - RECENT_DAYS;
    const findings: Finding[] = [];
    const latest = new Map<string, Evaluation["latest"]>();
    const record = (key: string, evaluation: Evaluation, muted: boolean) => {
      latest.set(key, evaluation.latest);
      if (!muted) findings.push(...evaluation.findings);
    };

    for (const s of series) {
      const name = label(s);
      if (name === null) continue; // a member who left the team, a shop moved elsewhere
      const scope: AlertScope = { type: s.scopeType, id: s.scopeId, label: name };
      for (const metricKey of WATCHED_METRICS) {
        const { numbers, exact } = metricSeries(s, metricKey, dates.length);
        const input = { scope, metricKey, dates, numbers, exact };
        const options = { ...detector, minScale: MIN_SCALE[metricKey] };
        record(
          seriesKeyOf(null, metricKey, s.scopeType, s.scopeId),
          detect(input, options, recentFrom),
          mutedMetrics.has(metricKey),
        );
      }
    }
    for (const rule of ruleRows) {
      const scopeType = rule.scopeType === "creator" ? "team" : rule.scopeType;
      const scopeId = scopeType === "team" ? team.id : (rule.scopeId ?? team.id);
      const s = series.find((x) => x.scopeType === scopeType && x.scopeId === scopeId);
      if (!s) continue;
      const name = label(s) ?? scopeId;
      const { numbers, exact } = metricSeries(s, rule.metricKey, dates.length);
      const spec: RuleSpec = {
        id: rule.id,
        kind: rule.kind === "threshold" ? "threshold" : "pct_change",
        operator: rule.operator,
        threshold: new Decimal(rule.threshold.toString()),
        floor: rule.kind === "pct_change" ? await floorInTeamCurrency(rule, team, evalDate) : null,
      };
      const input = {
        scope: { type: scopeType, id: scopeId, label: name },
        metricKey: rule.metricKey,
        dates,
        numbers,
        exact,
      };
      record(
        seriesKeyOf(rule.id, rule.metricKey, scopeType, scopeId),
        evaluateRule(input, spec, recentFrom),
        !active(rule),
      );
    }
    return { findings, latest, shops, mutedMetrics };
  }

  /** Extends the alert the finding continues, or records a new one. Returns the new event, if any. */
  async function upsert(team: TeamProfile, f: Finding, rules: AlertRuleRow[], now: DateTime) {
    const prev = await repo.latestOfSeries(team.id, {
      ruleId: f.ruleId,
      metricKey: f.metricKey,
      scopeType: f.scope.type,
      scopeId: f.scope.id,
    });
    if (prev && f.endDate < iso(prev.firstDate)) return { created: null, escalated: null }; // an older incident
    const cooldown = f.ruleId
      ? (rules.find((r) => r.id === f.ruleId)?.cooldownMinutes ?? STAT_COOLDOWN_MINUTES)
      : STAT_COOLDOWN_MINUTES;
    const continues =
      prev &&
      (f.startDate <= iso(prev.lastDate) ||
        daysBetween(iso(prev.lastDate), f.startDate) <= DEFAULT_DAILY_DETECTOR.maxGap + 1 ||
        (prev.resolvedAt !== null && now.diff(DateTime.fromJSDate(prev.resolvedAt), "minutes").minutes < cooldown));
    if (prev && continues) {
      const stronger = Math.abs(f.score) > Math.abs(Number(prev.score?.toString() ?? 0));
      const escalated = SEVERITY_RANK[f.severity] > SEVERITY_RANK[prev.severity as Severity];
      const lastDate = f.endDate > iso(prev.lastDate) ? f.endDate : iso(prev.lastDate);
      const reopened = prev.status === "resolved" && f.endDate > iso(prev.lastDate);
      if (lastDate === iso(prev.lastDate) && !stronger && !escalated && !reopened)
        return { created: null, escalated: null };
      const updated = await repo.updateEvent(team, prev.id, {
        lastDate: asDate(lastDate),
        ...(escalated ? { severity: f.severity } : {}),
        ...(stronger ? { observed: f.observed, expected: f.expected, score: f.score.toFixed(6) } : {}),
        ...(reopened ? { status: "open", resolvedAt: null } : {}),
      });
      return { created: null, escalated: escalated || reopened ? updated : null };
    }
    const created = await repo.createEvent({
      workspaceId: team.workspaceId,
      teamId: team.id,
      ruleId: f.ruleId,
      metricKey: f.metricKey,
      scopeType: f.scope.type,
      scopeId: f.scope.id,
      incidentKey: `${team.id}:${seriesKeyOf(f.ruleId, f.metricKey, f.scope.type, f.scope.id)}:${f.startDate}`,
      firstDate: asDate(f.startDate),
      lastDate: asDate(f.endDate),
      severity: f.severity,
      direction: f.direction,
      observed: f.observed,
      expected: f.expected,
      score: f.score.toFixed(6),
    });
    return { created, escalated: null };
  }

  /** Shows an alert's new state (acknowledged, escalated, resolved) in every message that carries it. */
  async function rerender(team: TeamProfile, groupKey: string, except?: PlatformName): Promise<void> {
    const events = await repo.group(team, groupKey);
    const refs = (events[0]?.messageRefs as PostedRef[] | null) ?? [];
    if (refs.length === 0) return;
    const views = await toViews(events, deps.members);
    await deps.update(
      refs,
      renderAlertGroup(views, { zone: team.timezone, locale: team.locale, team: team.name }),
      except,
    );
  }

  async function postGroups(
    team: TeamProfile,
    created: { event: AlertEventRow; finding: Finding }[],
    now: DateTime,
    notify: boolean,
  ) {
    let posted = 0;
    let suppressed = 0;
    const groups = groupByScope(created);
    const dayStart = now.setZone(team.timezone).startOf("day").toJSDate();
    for (const members of groups.values()) {
      const groupKey = (members[0] as { event: AlertEventRow }).event.id;
      const ids = members.map((m) => m.event.id);
      for (const id of ids) await repo.updateEvent(team, id, { groupKey });
      const reason = !notify
        ? "backfill"
        : !team.alertChannelId
          ? "no_channel"
          : (await repo.postedGroupsSince(team.id, dayStart)) >= team.alertDailyCap
            ? "daily_cap"
            : null;
      if (reason) {
        suppressed += ids.length;
        for (const id of ids) await repo.updateEvent(team, id, { suppressed: reason });
        if (
          reason === "daily_cap" &&
          (await deps.claimOnce(`alert-cap:${team.id}:${now.setZone(team.timezone).toISODate()}`))
        ) {
          await deps.post(team.alertChannelId as string, renderCapNote(team.alertDailyCap, team.locale));
        }
        continue;
      }
      const views = await toViews(await repo.group(team, groupKey), deps.members);
      const refs = await deps.post(
        team.alertChannelId as string,
        renderAlertGroup(views, { zone: team.timezone, locale: team.locale, team: team.name }),
      );
      await repo.updateGroup(team, groupKey, { postedAt: now.toJSDate(), messageRefs: refs as object[] });
      posted++;
    }
    return { posted, suppressed };
  }

  /** Alerts whose metric is back to normal: resolved, the original message updated, a "resolved" line posted. */
  async function resolveRecovered(
    team: TeamProfile,
    latest: Map<string, Evaluation["latest"]>,
    evalDate: string,
    now: DateTime,
    notify: boolean,
  ) {
    const unresolved = await repo.unresolved(team.id);
    const done: AlertEventRow[] = [];
    for (const e of unresolved) {
      if (iso(e.lastDate) >= evalDate) continue;
      if (latest.get(seriesKeyOf(e.ruleId, e.metricKey, e.scopeType, e.scopeId)) !== "normal") continue;
      // Conditional, so two replicas scanning at once resolve (and announce) it once.
      if (await repo.resolveIfOpen(e.id, now.toJSDate())) done.push(e);
    }
    const announce = done.filter(
      (e) => notify && e.postedAt && !(e.status === "snoozed" && e.snoozedUntil && e.snoozedUntil > now.toJSDate()),
    );
    if (announce.length && team.alertChannelId) {
      const views = await toViews(announce, deps.members);
      await deps.post(team.alertChannelId, renderResolved(views, team.locale));
    }
    for (const groupKey of new Set(done.map((e) => e.groupKey).filter((g): g is string => !!g)))
      await rerender(team, groupKey);
    return done.length;
  }

  /** Scans one team's last complete day (or `evalDate`) and posts what it finds. */
  async function scanTeam(team: TeamProfile, options: ScanOptions = {}): Promise<ScanSummary> {
    const now = deps.clock();
    const evalDate = options.evalDate ?? (now.setZone(team.timezone).minus({ days: 1 }).toISODate() as string);
    const notify = options.notify ?? true;
    const rules = await repo.rulesOfTeam(team.id);
    await repo.wakeSnoozed(team.id, now.toJSDate());
    const freshness = await deps.freshness.forTeam(team, now);
    const { findings, latest, shops, mutedMetrics } = await evaluate(team, rules, evalDate, now, freshness);
    const created: { event: AlertEventRow; finding: Finding }[] = [];
    const escalatedGroups = new Set<string>();
    for (const f of findings) {
      const { created: event, escalated } = await upsert(team, f, rules, now);
      if (event) created.push({ event, finding: f });
      if (escalated?.groupKey && escalated.postedAt && notify) escalatedGroups.add(escalated.groupKey);
    }
    for (const c of created) {
      const cause = await explainIncident({ repo, shopName: (id) => shops.get(id)?.name }, team.id, c.finding);
      const stored: StoredCause = { scopeLabel: c.finding.scope.label, currency: team.currency, cause };
      c.event = await repo.updateEvent(team, c.event.id, { rootCause: stored as object });
    }
    const { posted, suppressed } = await postGroups(team, created, now, notify);
    for (const groupKey of escalatedGroups) await rerender(team, groupKey);
    const resolved = await resolveRecovered(team, latest, evalDate, now, notify);
    const summary = {
      team: team.slug,
      evalDate,
      found: findings.length,
      created: created.length,
      posted,
      suppressed,
      resolved,
    };
    // Freshness is about now: only the scan of the last day (not a replay of past days) looks for missing shops.
    if (evalDate < freshness.yesterday) return summary;
    const missing = await scanMissing(team, freshness, mutedMetrics.has(DATA_MISSING), now, notify);
    return {
      ...summary,
      found: summary.found + missing.found,
      created: summary.created + missing.created,
      posted: summary.posted + missing.posted,
      suppressed: summary.suppressed + missing.suppressed,
      resolved: summary.resolved + missing.resolved,
    };
  }

  /**
   * "No data from <shop>": one alert per shop and gap (its incident key holds the gap's first day), raised once the
   * shop's usual arrival time has passed. While the gap lasts the alert is updated in place (the number of days,
   * its severity), never posted again; when the shop's data is in again it is resolved with a "data is back" line.
   */
  async function scanMissing(
    team: TeamProfile,
    freshness: TeamFreshness,
    muted: boolean,
    now: DateTime,
    notify: boolean,
  ) {
    const open = (await repo.unresolved(team.id)).filter((e) => e.metricKey === DATA_MISSING);
    // Freshness judged each gap at this same `now`, in the shop's zone: only an overdue one is real.
    const real = freshness.behind.filter((b) => b.overdue);
    const created: { event: AlertEventRow; finding: Finding }[] = [];
    const changedGroups = new Set<string>();
    for (const b of real) {
      const severity = missingSeverity(b.days);
      const state = {
        firstDate: asDate(b.missingSince),
        lastDate: asDate(freshness.yesterday),
        observed: String(b.days),
        expected: b.usualLagHours === null ? null : Math.max(0, b.usualLagHours).toFixed(2),
        severity,
      };
      const current = open.find((e) => e.scopeId === b.shopId);
      if (current) {
        // The same gap, a day longer (or shorter, when part of it came in): the message shows the new N in place.
        const same =
          iso(current.firstDate) === b.missingSince &&
          iso(current.lastDate) === freshness.yesterday &&
          Number(current.observed.toString()) === b.days &&
          current.severity === severity;
        if (same) continue;
        const updated = await repo.updateEvent(team, current.id, state);
        if (updated.groupKey && updated.postedAt && notify) changedGroups.add(updated.groupKey);
        continue;
      }
      if (muted) continue;
      const finding: Finding = {
        scope: { type: "shop", id: b.shopId, label: b.shopName },
        metricKey: DATA_MISSING,
        ruleId: null,
        startDate: b.missingSince,
        endDate: freshness.yesterday,
        peakDate: freshness.yesterday,
        direction: "down",
        severity,
        observed: String(b.days),
        expected: state.expected,
        score: b.days,
        ongoing: true,
      };
      const incidentKey = `${team.id}:${seriesKeyOf(null, DATA_MISSING, "shop", b.shopId)}:${b.missingSince}`;
      const stored: StoredCause = { scopeLabel: b.shopName, currency: team.currency, cause: null };
      const event = await repo.createEvent({
        workspaceId: team.workspaceId,
        teamId: team.id,
        ruleId: null,
        metricKey: DATA_MISSING,
        scopeType: "shop",
        scopeId: b.shopId,
        incidentKey,
        ...state,
        direction: "down",
        score: b.days.toFixed(6),
        rootCause: stored as object,
      });
      if (event) {
        created.push({ event, finding });
        continue;
      }
      // The key exists: another replica raised it just now, or this gap was called back within its grace and is
      // missing again. Reopen it in place rather than post it twice.
      const known = await repo.findByKey(incidentKey);
      if (known && known.status === "resolved") {
        const reopened = await repo.updateEvent(team, known.id, { ...state, status: "open", resolvedAt: null });
        if (reopened.groupKey && reopened.postedAt && notify) changedGroups.add(reopened.groupKey);
      }
    }
    const { posted, suppressed } = await postGroups(team, created, now, notify);

    // Back once some of the gap's days are complete. A shop silent past USUAL_DAYS drops out of `behind` without
    // any data: its alert stays open (and stops counting) instead of saying the data is back.
    const through = completeThroughOf(freshness).shops;
    const back: AlertEventRow[] = [];
    for (const e of open) {
      if (real.some((b) => b.shopId === e.scopeId)) continue;
      if ((through.get(e.scopeId) ?? "") < iso(e.firstDate)) continue;
      if (await repo.resolveIfOpen(e.id, now.toJSDate())) back.push(e);
    }
    const announce = back.filter(
      (e) => notify && e.postedAt && !(e.status === "snoozed" && e.snoozedUntil && e.snoozedUntil > now.toJSDate()),
    );
    if (announce.length && team.alertChannelId) {
      const views = await toViews(announce, deps.members);
      await deps.post(
        team.alertChannelId,
        renderDataBack(
          views.map((alert, i) => ({
            alert,
            through: through.get(announce[i]?.scopeId ?? "") ?? freshness.yesterday,
          })),
          team.locale,
        ),
      );
    }
    for (const e of back) if (e.groupKey) changedGroups.add(e.groupKey);
    for (const groupKey of changedGroups) await rerender(team, groupKey);
    return { found: real.length, created: created.length, posted, suppressed, resolved: back.length };
  }

  return {
    rerender,
    scanTeam,
    /**
     * Replays the scan over the last `days` days, oldest first, as if it had run every morning: what a new
     * installation (or the demo) does so that alerts, their causes and their resolutions exist from the start.
     */
    async backfill(team: TeamProfile, days: number, options: { notify: boolean }): Promise<ScanSummary[]> {
      const yesterday = deps.clock().setZone(team.timezone).minus({ days: 1 });
      const out: ScanSummary[] = [];
      for (let back = days - 1; back >= 0; back--) {
        const evalDate = yesterday.minus({ days: back }).toISODate() as string;
        out.push(await scanTeam(team, { evalDate, notify: options.notify }));
      }
      return out;
    },
  };
}

export type AlertScan = ReturnType<typeof createAlertScan>;
