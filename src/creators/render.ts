// Creator replies as neutral messages: a creator card, the funnel, follow-ups, the outreach board, tier changes.
import type { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { Block, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import type { TierConfig } from "../domain/creator-tiers.js";
import { type Locale, t } from "../domain/i18n.js";
import { formatNumber } from "../domain/numbers.js";
import { FOLLOW_UP_RULES, STAGES, type Stage, stageKey } from "../domain/pipeline.js";
import type { CreatorRecord } from "./repository.js";
import type { FunnelReport, OutreachRow } from "./service.js";

const pct = (d: Decimal | null) => (d === null ? "–" : `${d.mul(100).toFixed(0)}%`);
const day = (d: Date, zone: string) => DateTime.fromJSDate(d).setZone(zone).toFormat("yyyy-MM-dd");
export const stageName = (stage: Stage, locale: Locale) => t(locale, stageKey(stage));

export function creatorLine(c: CreatorRecord, locale: Locale): string {
  const tier = c.tier ? ` · ${t(locale, "creator.tier")} ${c.tier}` : "";
  const owner = c.ownerHandle ? ` · @${c.ownerHandle}` : "";
  return `@${c.displayHandle} (${c.platform}) · ${stageName(c.stage, locale)}${tier}${owner}`;
}

export function renderCreatorCard(
  input: {
    creator: CreatorRecord;
    history: {
      changes: { fromStage: Stage | null; toStage: Stage; changedAt: Date; by: string | null; note: string | null }[];
      contacts: { channel: string; outcome: string; contactedAt: Date; by: string | null; note: string | null }[];
      notes: { text: string; createdAt: Date; by: string | null }[];
    };
    last30: Map<string, Decimal>;
    currency: string;
  },
  locale: Locale,
  zone: string,
): OutgoingMessage {
  const { creator: c, history } = input;
  const fields = [
    { label: t(locale, "creator.stage"), value: `${stageName(c.stage, locale)} (${day(c.stageChangedAt, zone)})` },
    { label: t(locale, "creator.owner"), value: c.ownerHandle ? `@${c.ownerHandle}` : "–" },
    { label: t(locale, "creator.tier"), value: c.tier ?? "–" },
    { label: t(locale, "creator.market"), value: c.market ?? "–" },
    {
      label: t(locale, "creator.followers"),
      value: c.followers === null ? "–" : c.followers.toLocaleString(locale === "zh" ? "zh-CN" : "en"),
    },
    { label: t(locale, "creator.category"), value: c.category ?? "–" },
    {
      label: t(locale, "creator.next_followup"),
      value: c.nextFollowUpAt ? day(c.nextFollowUpAt, zone) : "–",
    },
    {
      label: t(locale, "creator.gmv_30d"),
      value: input.last30.get("gmv_gross")
        ? formatNumber(input.last30.get("gmv_gross") as Decimal, { locale, unit: "money", currency: input.currency })
        : "–",
    },
  ];
  const blocks: Block[] = [
    { type: "header", text: `🎬 @${c.displayHandle} · ${c.platform}` },
    { type: "fields", fields },
  ];
  if (history.changes.length) {
    blocks.push({
      type: "section",
      text: `${t(locale, "creator.history")}\n${history.changes
        .map(
          (h) =>
            `${day(h.changedAt, zone)} ${h.fromStage ? `${stageName(h.fromStage, locale)} → ` : ""}${stageName(h.toStage, locale)}${h.by ? ` · @${h.by}` : ""}${h.note ? ` · ${h.note}` : ""}`,
        )
        .join("\n")}`,
    });
  }
  if (history.contacts.length) {
    blocks.push({
      type: "section",
      text: `${t(locale, "creator.contacts")}\n${history.contacts
        .map(
          (x) =>
            `${day(x.contactedAt, zone)} ${x.channel} · ${x.outcome}${x.by ? ` · @${x.by}` : ""}${x.note ? ` · ${x.note}` : ""}`,
        )
        .join("\n")}`,
    });
  }
  if (history.notes.length) {
    blocks.push({
      type: "section",
      text: `${t(locale, "creator.notes")}\n${history.notes.map((n) => `${day(n.createdAt, zone)} ${n.by ? `@${n.by}: ` : ""}${n.text}`).join("\n")}`,
    });
  }
  return message(blocks);
}

export function renderFunnel(report: FunnelReport, locale: Locale, zone: string): OutgoingMessage {
  const period = locale === "zh" ? report.period.labelZh : report.period.labelEn;
  const stages = STAGES.filter((s) => (report.counts.get(s) ?? 0) > 0 || (report.entries.get(s) ?? 0) > 0);
  const blocks: Block[] = [
    { type: "header", text: `🧭 ${t(locale, "creator.pipeline_title", { scope: report.scopeLabel, period })}` },
    {
      type: "section",
      text: stages.length
        ? stages
            .map((s) =>
              t(locale, "creator.stage_line", {
                stage: stageName(s, locale),
                now: report.counts.get(s) ?? 0,
                entered: report.entries.get(s) ?? 0,
              }),
            )
            .join("\n")
        : t(locale, "creator.no_creators"),
    },
    {
      type: "fields",
      fields: [
        { label: t(locale, "creator.reply_rate"), value: pct(report.replyRate) },
        { label: t(locale, "creator.sample_to_video"), value: pct(report.sampleToVideo) },
        { label: t(locale, "creator.video_to_sale"), value: pct(report.videoToSale) },
      ],
    },
  ];
  if (report.medianDays.length) {
    blocks.push({
      type: "section",
      text: `${t(locale, "creator.median_days")}\n${report.medianDays
        .map((m) => `${stageName(m.from, locale)} → ${stageName(m.to, locale)}: ${m.days} ${t(locale, "creator.days")}`)
        .join("\n")}`,
    });
  }
  if (report.stuckSamples.length) {
    blocks.push({
      type: "section",
      text: `⚠️ ${t(locale, "creator.stuck_samples", { count: report.stuckSamples.length })}\n${report.stuckSamples
        .slice(0, 10)
        .map(
          (c) => `@${c.displayHandle} · ${day(c.stageChangedAt, zone)}${c.ownerHandle ? ` · @${c.ownerHandle}` : ""}`,
        )
        .join("\n")}`,
    });
  }
  blocks.push({ type: "context", text: t(locale, "creator.funnel_definition") });
  return message(blocks);
}

export function renderFollowups(
  input: { label: string; due: CreatorRecord[]; now: DateTime },
  locale: Locale,
  zone: string,
): OutgoingMessage {
  if (input.due.length === 0) {
    return message([{ type: "section", text: `✅ ${t(locale, "creator.no_followups", { scope: input.label })}` }]);
  }
  const today = input.now.setZone(zone).startOf("day");
  const lines = input.due.map((c) => {
    const rule = FOLLOW_UP_RULES[c.stage];
    const due = DateTime.fromJSDate(c.nextFollowUpAt as Date)
      .setZone(zone)
      .startOf("day");
    const late = Math.round(today.diff(due, "days").days);
    const when = late > 0 ? t(locale, "creator.overdue", { days: late }) : t(locale, "creator.due_today");
    return `@${c.displayHandle} · ${stageName(c.stage, locale)} · ${rule ? t(locale, rule.reason) : ""} · ${when}`;
  });
  return message([
    {
      type: "header",
      text: `📌 ${t(locale, "creator.followups_title", { scope: input.label, count: input.due.length })}`,
    },
    { type: "section", text: lines.join("\n") },
    { type: "context", text: t(locale, "creator.followup_hint") },
  ]);
}

export function renderOutreachBoard(
  input: { rows: OutreachRow[]; period: { labelEn: string; labelZh: string }; sortBy: string },
  locale: Locale,
): OutgoingMessage {
  const period = locale === "zh" ? input.period.labelZh : input.period.labelEn;
  if (input.rows.length === 0)
    return message([{ type: "section", text: t(locale, "creator.board_empty", { period }) }]);
  const header = t(locale, "creator.board_columns");
  const lines = input.rows
    .slice(0, 20)
    .map(
      (r, i) =>
        `${i + 1}. @${r.member.handle} · ${r.contacts} · ${r.replies} · ${r.samples} · ${r.videos} · ${r.firstSales}`,
    );
  return message([
    { type: "header", text: `🏆 ${t(locale, "creator.board_title", { period })}` },
    { type: "section", text: `${header}\n${lines.join("\n")}` },
  ]);
}

export function renderTierChanges(
  changes: { creator: CreatorRecord; from: string | null; to: string | null }[],
  teamName: string,
  locale: Locale,
): OutgoingMessage {
  return message([
    {
      type: "header",
      text: `⭐ ${t(locale, "creator.tier_changes_title", { team: teamName, count: changes.length })}`,
    },
    {
      type: "section",
      text: changes
        .map(
          (c) =>
            `@${c.creator.displayHandle}: ${c.from ?? "–"} → ${c.to ?? "–"}${c.creator.ownerHandle ? ` · @${c.creator.ownerHandle}` : ""}`,
        )
        .join("\n"),
    },
  ]);
}

export function renderTierConfig(config: TierConfig, teamName: string, locale: Locale): OutgoingMessage {
  const row = (tier: "S" | "A" | "B") =>
    `${tier}: GMV ≥ ${config[tier].gmv.toLocaleString("en")} ${config.currency} · GPM ≥ ${config[tier].gpm} · ${t(locale, "creator.videos")} ≥ ${config[tier].videos}`;
  return message([
    { type: "header", text: `⭐ ${t(locale, "creator.tiers_title", { team: teamName })}` },
    {
      type: "section",
      text: [row("S"), row("A"), row("B"), `C: ${t(locale, "creator.tier_c")}`].join("\n"),
    },
    {
      type: "context",
      text: t(locale, "creator.tiers_rules", {
        days: config.windowDays,
        returns: `${Math.round(config.maxReturnRate * 100)}%`,
      }),
    },
  ]);
}
