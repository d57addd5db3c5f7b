// Words and layout for /kpi replies: the figure, the target and tier, the pace, the trend. Short and scannable.
import type { Decimal } from "decimal.js";
import type { Block, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import { formatDay, formatDays } from "../domain/day-format.js";
import { type Locale, t } from "../domain/i18n.js";
import type { MetricDefinition } from "../domain/metrics.js";
import { formatNumber } from "../domain/numbers.js";
import type { Period } from "../domain/periods.js";
import { spanNotes } from "../freshness/render.js";
import type { Board, KpiReport, MarketComparison, MetricLine } from "./kpi-service.js";

const metricName = (def: MetricDefinition, locale: Locale) => (locale === "zh" ? def.nameZh : def.nameEn);
const periodLabel = (period: Period, locale: Locale) => (locale === "zh" ? period.labelZh : period.labelEn);
const pct = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;

export function formatValue(def: MetricDefinition, value: Decimal, currency: string, locale: Locale): string {
  return formatNumber(value, { locale, unit: def.unit, currency });
}

function trend(line: MetricLine, locale: Locale): string {
  if (line.value === null || line.previous === null || line.previous.isZero()) return "";
  const change = line.value.minus(line.previous).div(line.previous.abs()).toNumber();
  if (Math.abs(change) < 0.005) return ` · ${t(locale, "kpi.trend_flat")}`;
  const good = change > 0 === (line.def.direction === "higher_better");
  const arrow = change > 0 ? "▲" : "▼";
  return ` · ${good ? "🟢" : "🔴"} ${arrow} ${pct(Math.abs(change))} ${t(locale, "kpi.vs_previous")}`;
}

function targetText(line: MetricLine, currency: string, locale: Locale): string {
  if (!line.target) return "";
  const { stored, evaluation } = line.target;
  const fmt = (v: Decimal) => formatValue(line.def, v, currency, locale);
  const tiers = stored.tiers.map((tier) => `${t(locale, `tier.${tier.name}`)} ${fmt(tier.value)}`).join(" / ");
  const parts = [
    `${t(locale, "label.target")}: ${tiers}`,
    `${t(locale, "label.attainment")} ${pct(evaluation.attainment)}`,
  ];
  parts.push(
    evaluation.tierReached
      ? t(locale, "kpi.tier_reached", { tier: t(locale, `tier.${evaluation.tierReached.name}`) })
      : t(locale, "kpi.below_base"),
  );
  const next = evaluation.pace.find((p) => p.tier.name === evaluation.nextTier?.name);
  if (next?.neededPerDay && line.def.direction === "higher_better") {
    parts.push(
      t(locale, "label.needs_per_day", { amount: fmt(next.neededPerDay), tier: t(locale, `tier.${next.tier.name}`) }),
    );
  }
  if (line.def.aggregation === "sum" && evaluation.pace.some((p) => p.neededPerDay !== null)) {
    const projectedTier = evaluation.projectedTier
      ? t(locale, `tier.${evaluation.projectedTier.name}`)
      : t(locale, "kpi.below_base");
    parts.push(t(locale, "kpi.projected", { amount: fmt(evaluation.projectedWeekdayAdjusted), tier: projectedTier }));
  }
  return `\n${parts.join(" · ")}`;
}

/** The header line: the period, the last complete day, and what is not in yet or behind. */
function spanContext(
  figure: { period: Period; through: string; span: KpiReport["span"] },
  locale: Locale,
  extra = "",
  withTeams = false,
): Block {
  const head = `${t(locale, "kpi.period_through", {
    period: periodLabel(figure.period, locale),
    through: formatDay(figure.through, locale),
  })}${extra}`;
  return { type: "context", text: [head, ...spanNotes(figure.span, locale, undefined, withTeams)].join("\n") };
}

function soFarText(line: MetricLine, report: KpiReport, locale: Locale): string {
  if (!line.soFar || !report.span.notInYet) return "";
  const { from, to } = report.span.notInYet;
  return ` · ${t(locale, "span.so_far", {
    days: formatDays(from, to, locale),
    amount: formatValue(line.def, line.soFar, report.currency, locale),
  })}`;
}

function lineBlock(line: MetricLine, currency: string, locale: Locale, soFar = ""): Block {
  const value =
    line.value === null
      ? line.reason === "zero_denominator"
        ? t(locale, "kpi.not_computable")
        : t(locale, "label.no_data")
      : formatValue(line.def, line.value, currency, locale);
  const icon = line.target ? (line.target.evaluation.onTrack ? "✅ " : "⚠️ ") : "";
  return {
    type: "section",
    text: `${icon}${metricName(line.def, locale)}: ${value}${soFar}${trend(line, locale)}${targetText(line, currency, locale)}`,
  };
}

function footnotes(
  report: { lines?: MetricLine[]; fxFallbacks: { date: string; rateDate: string }[] },
  locale: Locale,
): Block[] {
  const notes: string[] = [];
  if (report.lines?.some((l) => l.def.key === "gmv_gross" || l.def.key === "gmv_net"))
    notes.push(t(locale, "kpi.gmv_note"));
  for (const f of report.fxFallbacks.slice(0, 3))
    notes.push(t(locale, "kpi.fx_fallback", { date: f.date, rateDate: f.rateDate }));
  return notes.length ? [{ type: "context", text: notes.join("\n") }] : [];
}

export function renderReport(report: KpiReport, locale: Locale): OutgoingMessage {
  const who =
    report.subject.kind === "member"
      ? `${report.subject.member.displayName} (@${report.subject.member.handle})`
      : `${report.subject.team.name} (${report.subject.team.slug})`;
  const blocks: Block[] = [{ type: "header", text: `📊 ${who}` }, spanContext(report, locale)];
  if (report.lines.length === 0) {
    blocks.push({ type: "section", text: t(locale, "kpi.empty") });
    return message(blocks);
  }
  for (const line of report.lines)
    blocks.push(lineBlock(line, report.currency, locale, soFarText(line, report, locale)));
  if (report.composite !== null)
    blocks.push({ type: "section", text: t(locale, "kpi.composite", { score: pct(report.composite) }) });
  if (report.topMembers?.length && report.lines[0]) {
    const def = report.lines[0].def;
    blocks.push({
      type: "section",
      text: `${t(locale, "kpi.top_members", { metric: metricName(def, locale) })}\n${report.topMembers
        .map((r, i) => `${i + 1}. @${r.member.handle}: ${formatValue(def, r.value, report.currency, locale)}`)
        .join("\n")}`,
    });
  }
  blocks.push(...footnotes(report, locale));
  return message(blocks);
}

export function renderBoard(board: Board, locale: Locale): OutgoingMessage {
  const name = metricName(board.def, locale);
  const blocks: Block[] = [
    { type: "header", text: `🏆 ${t(locale, "kpi.board_title", { metric: name })}` },
    spanContext(board, locale, ` · ${board.scopeLabel}`, true),
  ];
  if (board.rows.length === 0) {
    blocks.push({ type: "section", text: t(locale, "kpi.board_empty") });
  } else {
    const medal = (rank: number) => ["🥇", "🥈", "🥉"][rank - 1] ?? `${rank}.`;
    blocks.push({
      type: "section",
      text: board.rows
        .map(
          (r) =>
            `${medal(r.rank)} @${r.member.handle} (${r.member.team?.slug ?? "-"}): ${formatValue(board.def, r.value, board.currency, locale)}`,
        )
        .join("\n"),
    });
    if (board.viewerRow && board.viewerRow.rank > board.rows.length) {
      blocks.push({
        type: "context",
        text: t(locale, "kpi.your_rank", {
          rank: board.viewerRow.rank,
          value: formatValue(board.def, board.viewerRow.value, board.currency, locale),
        }),
      });
    }
  }
  blocks.push(
    ...footnotes({ lines: [{ def: board.def, value: null, previous: null }], fxFallbacks: board.fxFallbacks }, locale),
  );
  return message(blocks);
}

export function renderComparison(comparison: MarketComparison, locale: Locale): OutgoingMessage {
  const def = comparison.def;
  const blocks: Block[] = [
    { type: "header", text: `🌏 ${t(locale, "kpi.compare_title", { metric: metricName(def, locale) })}` },
    spanContext(comparison, locale, ` · ${comparison.currency}`, true),
    {
      type: "section",
      text: comparison.rows
        .map(
          (r) =>
            `${r.market} (${r.teams.join(", ")}): ${r.value === null ? t(locale, "label.no_data") : formatValue(def, r.value, comparison.currency, locale)}`,
        )
        .join("\n"),
    },
    ...footnotes({ lines: [{ def, value: null, previous: null }], fxFallbacks: comparison.fxFallbacks }, locale),
  ];
  return message(blocks);
}

export function renderDefinition(def: MetricDefinition, locale: Locale): OutgoingMessage {
  const zh = locale === "zh";
  return message([
    { type: "header", text: `${metricName(def, locale)} (${def.key})` },
    { type: "section", text: zh ? def.descriptionZh : def.descriptionEn },
    {
      type: "fields",
      fields: [
        { label: t(locale, "kpi.formula"), value: zh ? def.formulaZh : def.formulaEn },
        { label: t(locale, "kpi.unit"), value: def.unit },
        {
          label: t(locale, "kpi.direction"),
          value: t(locale, def.direction === "higher_better" ? "kpi.higher_better" : "kpi.lower_better"),
        },
        { label: t(locale, "kpi.aliases"), value: def.aliases.join(", ") || "-" },
      ],
    },
  ]);
}
