// The reply of /kpi freshness: per team its "complete through" line, then per shop and source the last day with
// data, the last complete day and the usual arrival, which shop is behind since when, and how chat logs count.
import type { Block, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import { formatDay } from "../domain/day-format.js";
import { type Locale, type MessageKey, t } from "../domain/i18n.js";
import type { FeedSource, FeedStatus } from "./rules.js";
import type { FreshnessOverview, ShopFreshness, TeamFreshnessView } from "./service.js";

/** Two days and more read better in days than in hours ("about 3 days", not "about 72 h"). */
const HOURS_SHOWN = 48;

const SOURCE: Record<FeedSource, MessageKey> = {
  export: "freshness.source.export",
  api: "freshness.source.api",
  ingest: "freshness.source.ingest",
  demo: "freshness.source.demo",
};

function usual(lag: number | null, locale: Locale): string {
  if (lag === null) return t(locale, "freshness.usual_unknown");
  // Data that arrives while its day runs (an export taken in the afternoon) has a negative lag.
  if (lag < 0) return t(locale, "freshness.usual_during");
  if (lag < HOURS_SHOWN) return t(locale, "freshness.usual_hours", { hours: Math.max(1, Math.round(lag)) });
  return t(locale, "freshness.usual_days", { days: Math.round(lag / 24) });
}

function feedLine(feed: FeedStatus, locale: Locale, today: string): string {
  const day = (iso: string | null) => (iso === null ? "–" : formatDay(iso, locale, today));
  const complete =
    feed.completeThrough !== null
      ? t(locale, "freshness.complete_through", { date: day(feed.completeThrough) })
      : t(locale, feed.source === "ingest" ? "freshness.undeclared" : "freshness.never_complete");
  return `• ${t(locale, "freshness.feed", {
    source: t(locale, SOURCE[feed.source]),
    last: day(feed.lastDataDay),
    complete,
    usual: usual(feed.usualLagHours, locale),
  })}`;
}

/** Sources in the order a member thinks of them: the export, the API sync, the ingest API, the demo. */
const bySource = (feeds: FeedStatus[]) =>
  [...feeds].sort((a, b) => Object.keys(SOURCE).indexOf(a.source) - Object.keys(SOURCE).indexOf(b.source));

function shopText(entry: ShopFreshness, locale: Locale, today: string): string {
  const lines = [`*${entry.shop.name}*`];
  if (entry.feeds.length === 0) lines.push(`• ${t(locale, "freshness.no_rows")}`);
  for (const feed of bySource(entry.feeds)) lines.push(feedLine(feed, locale, today));
  if (entry.behind) {
    lines.push(
      entry.behind.lastCompleteDay === null
        ? t(locale, "freshness.nothing_complete")
        : t(locale, "freshness.behind", {
            date: formatDay(entry.behind.lastCompleteDay, locale, today),
            days: entry.behind.days,
          }),
    );
  } else if (entry.staleSince) {
    lines.push(t(locale, "freshness.stale", { date: formatDay(entry.staleSince, locale, today) }));
  }
  return lines.join("\n");
}

function teamBlocks(view: TeamFreshnessView, locale: Locale): Block[] {
  const { team, freshness } = view;
  const today = freshness.today;
  const blocks: Block[] = [
    { type: "header", text: t(locale, "freshness.title", { team: team.slug }) },
    {
      type: "section",
      text: [
        t(locale, "freshness.through", {
          date: formatDay(freshness.completeThrough, locale, today),
          today: formatDay(today, locale, today),
          zone: team.timezone,
        }),
        ...(freshness.behind.length
          ? [t(locale, "freshness.held_back", { shops: freshness.behind.map((b) => b.shopName).join(", ") })]
          : []),
      ].join("\n"),
    },
  ];
  const parts = view.shops.map((entry) => shopText(entry, locale, today));
  if (view.teamFeeds.length) {
    parts.push(
      [
        `*${t(locale, "freshness.team_feed", { team: team.slug })}*`,
        ...bySource(view.teamFeeds).map((f) => feedLine(f, locale, today)),
      ].join("\n"),
    );
  }
  // A section per shop: a team with many shops splits into parts instead of one text past the platform's limit.
  if (parts.length === 0) blocks.push({ type: "section", text: t(locale, "freshness.no_shops") });
  for (const text of parts) blocks.push({ type: "section", text });
  return blocks;
}

export function renderFreshness(overview: FreshnessOverview, locale: Locale): OutgoingMessage {
  const blocks = overview.teams.flatMap((view, i) => [
    ...(i > 0 ? [{ type: "divider" } as const] : []),
    ...teamBlocks(view, locale),
  ]);
  blocks.push({ type: "context", text: t(locale, "freshness.chat_logs") });
  return message(blocks);
}
