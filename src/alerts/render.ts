// Words and layout of alert messages: one message per scope, one section per metric that moved, the "why", the
// state (acknowledged, snoozed, assigned, resolved) and the buttons. Also /alert list and the rule list, and the
// "no data from <shop>" alert with its "data is back" line.

import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { OPEN_FORM_ACTION } from "../chat/dispatcher.js";
import { FORM_IDS } from "../chat/forms.js";
import type { Block, Button, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import { formatDay, formatDays } from "../domain/day-format.js";
import { type Locale, type MessageKey, t } from "../domain/i18n.js";
import { getMetric } from "../domain/metrics.js";
import { dayBefore } from "../freshness/rules.js";
import { formatValue } from "../metrics/render.js";
import type { Contribution, Dimension, RootCause, Severity } from "./types.js";

/** What the scan stores in AlertEvent.rootCause: the cause plus what a message needs to name the scope. */
export interface StoredCause {
  scopeLabel: string;
  currency: string;
  cause: RootCause | null;
}

export interface AlertView {
  id: string;
  groupKey: string;
  shortId: string;
  metricKey: string;
  ruleId: string | null;
  firstDate: string;
  lastDate: string;
  severity: Severity;
  direction: "up" | "down";
  status: "open" | "acknowledged" | "snoozed" | "resolved";
  observed: Decimal;
  expected: Decimal | null;
  stored: StoredCause;
  snoozedUntil: Date | null;
  acknowledgedBy: string | null;
  assignedTo: string | null;
  suppressed: string | null;
}

/**
 * The metric key of a "no data from <shop>" alert: an AlertEvent on the shop's scope like any other (one per gap,
 * counted in the daily cap, acknowledged, snoozed and muted the same way). Its `observed` is the number of whole
 * days not in, its `expected` the shop's usual arrival in hours after a day's end (null: unknown), its first date
 * the first day not in and its last date the last (yesterday, while the gap lasts).
 */
export const DATA_MISSING = "data_missing";

export const ALERT_ACTIONS = { ack: "alert.ack", snooze: "alert.snooze" } as const;
export const SNOOZE_CHOICES = [60, 720, 1440] as const;

const ICON: Record<Severity, string> = { warning: "⚠️", major: "🟠", critical: "🚨" };
const metricName = (key: string, locale: Locale) => {
  if (key === DATA_MISSING) return t(locale, "missing.metric");
  const def = getMetric(key);
  return def ? (locale === "zh" ? def.nameZh : def.nameEn) : key;
};
const pct = (fraction: number) => `${Math.round(fraction * 100)}%`;

export const shortIdOf = (id: string) => id.slice(-6);

function value(metricKey: string, v: Decimal, currency: string, locale: Locale): string {
  const def = getMetric(metricKey);
  return def ? formatValue(def, v, currency, locale) : v.toString();
}

export function dimensionName(d: Dimension, locale: Locale): string {
  return t(locale, `alert.dim.${d}` as MessageKey);
}

const TRANSLATED: ReadonlySet<Dimension> = new Set(["content_type", "traffic"]);

function contributionText(metricKey: string, d: Dimension, c: Contribution, currency: string, locale: Locale): string {
  const delta = new Decimal(c.delta);
  const sign = delta.isNegative() ? "−" : "+";
  const label = TRANSLATED.has(d) ? t(locale, `alert.seg.${c.segment}` as MessageKey) : c.label;
  return `${label} ${pct(c.share)} (${sign}${value(metricKey, delta.abs(), currency, locale)})`;
}

export function causeText(metricKey: string, stored: StoredCause, locale: Locale): string {
  const cause = stored.cause;
  if (!cause || cause.contributors.length === 0) return t(locale, "alert.why_unknown");
  const main = cause.contributors
    .map((c) => contributionText(metricKey, cause.dimension, c, stored.currency, locale))
    .join(", ");
  const also = cause.also
    .map(
      (a) =>
        `${dimensionName(a.dimension, locale)} ${contributionText(metricKey, a.dimension, a.top, stored.currency, locale)}`,
    )
    .join("; ");
  const line = t(locale, "alert.why", { dimension: dimensionName(cause.dimension, locale), contributors: main });
  return also ? `${line}\n${t(locale, "alert.why_also", { also })}` : line;
}

function changeText(a: AlertView): string {
  if (!a.expected || a.expected.isZero()) return a.direction === "up" ? "▲" : "▼";
  const change = a.observed.minus(a.expected).div(a.expected.abs()).toNumber();
  return `${change > 0 ? "▲" : "▼"} ${pct(Math.abs(change))}`;
}

function stateText(a: AlertView, zone: string, locale: Locale): string | null {
  const time = (d: Date) => DateTime.fromJSDate(d).setZone(zone).toFormat("MM-dd HH:mm");
  const parts: string[] = [];
  if (a.status === "resolved") parts.push(`✅ ${t(locale, "alert.state_resolved")}`);
  if (a.status === "acknowledged" && a.acknowledgedBy)
    parts.push(`👀 ${t(locale, "alert.state_ack", { handle: a.acknowledgedBy })}`);
  if (a.status === "snoozed" && a.snoozedUntil)
    parts.push(`💤 ${t(locale, "alert.state_snoozed", { until: time(a.snoozedUntil) })}`);
  if (a.assignedTo) parts.push(`👤 ${t(locale, "alert.state_assigned", { handle: a.assignedTo })}`);
  return parts.length ? parts.join(" · ") : null;
}

function daysText(count: number, locale: Locale): string {
  return count === 1 ? t(locale, "missing.days_one") : t(locale, "missing.days_many", { count });
}

/** "GizmoHub UK: no data since 21 Nov (2 days)": the shop's last complete day is the day before the gap. */
export function missingTitle(a: AlertView, locale: Locale, today?: string): string {
  return t(locale, "missing.title", {
    shop: a.stored.scopeLabel,
    date: formatDay(dayBefore(a.firstDate), locale, today),
    days: daysText(a.observed.toNumber(), locale),
  });
}

function contextLine(a: AlertView, zone: string, locale: Locale): Block {
  const state = stateText(a, zone, locale);
  return {
    type: "context",
    text: `#${a.shortId} · ${t(locale, `alert.sev.${a.severity}` as MessageKey)}${a.ruleId ? ` · ${t(locale, "alert.from_rule")}` : ""}${state ? ` · ${state}` : ""}`,
  };
}

/** The alert's body; `titled` when it shares a message with others (its own message has the title as header). */
function missingSection(a: AlertView, zone: string, locale: Locale, team?: string, titled = true): Block[] {
  const lines = titled ? [`⏳ *${missingTitle(a, locale, a.lastDate)}*`] : [];
  lines.push(t(locale, "missing.not_in", { days: formatDays(a.firstDate, a.lastDate, locale, a.lastDate) }));
  // "About 1 h" at the least: a feed that lands minutes after midnight is not "about 0 h".
  if (a.expected) lines.push(t(locale, "missing.usual", { hours: Math.max(1, Math.round(a.expected.toNumber())) }));
  if (team && a.status !== "resolved") {
    lines.push(t(locale, "missing.held_back", { team, date: formatDay(dayBefore(a.firstDate), locale, a.lastDate) }));
  }
  if (a.status !== "resolved") lines.push(t(locale, "missing.what_to_do", { shop: a.stored.scopeLabel }));
  return [{ type: "section", text: lines.join("\n") }, contextLine(a, zone, locale)];
}

function alertSection(a: AlertView, zone: string, locale: Locale, groupScope: string): Block[] {
  if (a.metricKey === DATA_MISSING) return missingSection(a, zone, locale);
  const cur = a.stored.currency;
  const days = DateTime.fromISO(a.lastDate).diff(DateTime.fromISO(a.firstDate), "days").days + 1;
  const usual = a.expected
    ? t(locale, a.ruleId ? "alert.vs_rule" : "alert.vs_usual", {
        expected: value(a.metricKey, a.expected, cur, locale),
      })
    : "";
  // A shop's alert folded into its team's message names the shop.
  const scope = a.stored.scopeLabel === groupScope ? "" : `${a.stored.scopeLabel} · `;
  const head = `${ICON[a.severity]} ${scope}*${metricName(a.metricKey, locale)}* ${changeText(a)}: ${value(a.metricKey, a.observed, cur, locale)}${usual ? ` ${usual}` : ""}`;
  const since = t(locale, "alert.since", { date: a.firstDate, days, last: a.lastDate });
  return [
    { type: "section", text: `${head}\n${since}\n${causeText(a.metricKey, a.stored, locale)}` },
    contextLine(a, zone, locale),
  ];
}

export function alertButtons(groupKey: string, locale: Locale): Button[] {
  return [
    { actionId: ALERT_ACTIONS.ack, label: t(locale, "alert.btn_ack"), value: groupKey, style: "primary" },
    ...SNOOZE_CHOICES.map((minutes) => ({
      actionId: ALERT_ACTIONS.snooze,
      label: t(locale, "alert.btn_snooze", { hours: minutes / 60 }),
      value: `${groupKey}|${minutes}`,
    })),
    // Assigning needs a person: the button opens the assign form (a modal in Slack, a card form in Lark).
    { actionId: OPEN_FORM_ACTION, label: t(locale, "alert.btn_assign"), value: `${FORM_IDS.alertAssign}:${groupKey}` },
  ];
}

/**
 * One scope's alert: every metric that moved together, and buttons that act on all of them. A "no data" alert is a
 * message of its own (the scan never groups it with a metric), titled with the shop and since when; `team` names
 * the team whose figures it holds back.
 */
export function renderAlertGroup(
  alerts: AlertView[],
  ctx: { zone: string; locale: Locale; team?: string },
): OutgoingMessage {
  const first = alerts[0];
  if (!first) throw new Error("renderAlertGroup needs at least one alert");
  const { locale, zone } = ctx;
  const allResolved = alerts.every((a) => a.status === "resolved");
  if (first.metricKey === DATA_MISSING && alerts.length === 1) {
    const icon = allResolved ? "✅" : "⏳";
    return message([
      { type: "header", text: `${icon} ${missingTitle(first, locale, first.lastDate)}` },
      ...missingSection(first, zone, locale, ctx.team, false),
      ...(allResolved ? [] : [{ type: "actions" as const, buttons: alertButtons(first.groupKey, locale) }]),
    ]);
  }
  const metrics = new Set(alerts.map((a) => a.metricKey)).size;
  const header =
    metrics > 1
      ? t(locale, "alert.group_title", { scope: first.stored.scopeLabel, count: metrics })
      : t(locale, "alert.title", { scope: first.stored.scopeLabel, metric: metricName(first.metricKey, locale) });
  const blocks: Block[] = [{ type: "header", text: `${allResolved ? "✅" : "🚨"} ${header}` }];
  for (const a of alerts) blocks.push(...alertSection(a, zone, locale, first.stored.scopeLabel));
  if (!allResolved) blocks.push({ type: "actions", buttons: alertButtons(first.groupKey, locale) });
  return message(blocks);
}

export function renderResolved(alerts: AlertView[], locale: Locale): OutgoingMessage {
  const lines = alerts.map((a) =>
    t(locale, "alert.resolved_line", {
      metric: metricName(a.metricKey, locale),
      scope: a.stored.scopeLabel,
      first: a.firstDate,
      last: a.lastDate,
      id: a.shortId,
    }),
  );
  return message([{ type: "section", text: `✅ ${t(locale, "alert.resolved_title")}\n${lines.join("\n")}` }]);
}

/** "Data is back:" with one line per shop whose gap closed, and the day it is complete through now. */
export function renderDataBack(back: { alert: AlertView; through: string }[], locale: Locale): OutgoingMessage {
  const lines = back.map(({ alert, through }) =>
    t(locale, "missing.back_line", {
      shop: alert.stored.scopeLabel,
      date: formatDay(through, locale, through),
      id: alert.shortId,
      since: formatDay(alert.firstDate, locale, through),
    }),
  );
  return message([{ type: "section", text: `✅ ${t(locale, "missing.back_title")}\n${lines.join("\n")}` }]);
}

export function renderCapNote(cap: number, locale: Locale): OutgoingMessage {
  return message([{ type: "context", text: t(locale, "alert.cap_note", { cap }) }]);
}

export function renderAlertList(
  alerts: AlertView[],
  ctx: { zone: string; locale: Locale; team: string },
): OutgoingMessage {
  const { locale, zone } = ctx;
  if (alerts.length === 0)
    return message([{ type: "section", text: `🟢 ${t(locale, "alert.none_open", { team: ctx.team })}` }]);
  const blocks: Block[] = [
    { type: "header", text: t(locale, "alert.list_title", { team: ctx.team, count: alerts.length }) },
  ];
  for (const a of alerts.slice(0, 15)) {
    const state = stateText(a, zone, locale);
    const suppressed = a.suppressed ? ` · ${t(locale, `alert.suppressed.${a.suppressed}` as MessageKey)}` : "";
    if (a.metricKey === DATA_MISSING) {
      blocks.push({
        type: "section",
        text: `⏳ #${a.shortId} ${missingTitle(a, locale, a.lastDate)}${state ? ` · ${state}` : ""}${suppressed}\n${t(locale, "missing.what_to_do", { shop: a.stored.scopeLabel })}`,
      });
      continue;
    }
    blocks.push({
      type: "section",
      text: `${ICON[a.severity]} #${a.shortId} ${a.stored.scopeLabel} · ${metricName(a.metricKey, locale)} ${changeText(a)} · ${a.firstDate}→${a.lastDate}${state ? ` · ${state}` : ""}${suppressed}\n${causeText(a.metricKey, a.stored, locale)}`,
    });
  }
  if (alerts.length > 15)
    blocks.push({ type: "context", text: t(locale, "alert.more", { count: alerts.length - 15 }) });
  blocks.push({ type: "context", text: t(locale, "alert.list_help") });
  return message(blocks);
}

export interface RuleView {
  shortId: string;
  kind: "threshold" | "pct_change" | "statistical";
  metricKey: string;
  operator: string;
  threshold: Decimal;
  floor: Decimal | null;
  floorCurrency: string | null;
  scopeLabel: string;
  mutedUntil: Date | null;
}

export function ruleText(r: RuleView, currency: string, locale: Locale): string {
  const metric = metricName(r.metricKey === "*" ? "gmv_gross" : r.metricKey, locale);
  if (r.kind === "statistical")
    return t(locale, "alert.rule_stat", { metric: r.metricKey === "*" ? t(locale, "alert.all_metrics") : metric });
  if (r.kind === "threshold") {
    return `${metric} ${r.operator} ${value(r.metricKey, r.threshold, currency, locale)} · ${r.scopeLabel}`;
  }
  const floor = r.floor
    ? ` · ${t(locale, "alert.floor", { amount: `${r.floor.toString()} ${r.floorCurrency ?? currency}` })}`
    : "";
  return `${metric} ${t(locale, r.operator === "up" ? "alert.rule_up" : "alert.rule_down", { pct: pct(r.threshold.toNumber()) })}${floor} · ${r.scopeLabel}`;
}

export function renderRules(
  rules: RuleView[],
  ctx: { locale: Locale; zone: string; currency: string; team: string; sensitivity: string },
): OutgoingMessage {
  const { locale, zone } = ctx;
  const muted = (r: RuleView) =>
    r.mutedUntil && r.mutedUntil > new Date()
      ? ` · 🔇 ${t(locale, "alert.muted_until", { until: DateTime.fromJSDate(r.mutedUntil).setZone(zone).toFormat("MM-dd HH:mm") })}`
      : "";
  const lines = rules.map((r) => `\`${r.shortId}\` ${ruleText(r, ctx.currency, locale)}${muted(r)}`);
  return message([
    { type: "header", text: t(locale, "alert.rules_title", { team: ctx.team }) },
    { type: "section", text: t(locale, "alert.detector_line", { sensitivity: ctx.sensitivity }) },
    { type: "section", text: lines.length ? lines.join("\n") : t(locale, "alert.no_rules") },
    { type: "context", text: t(locale, "alert.rules_help") },
  ]);
}
