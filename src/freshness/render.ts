// The words of a span: "Not in yet: 3 Dec." and "GizmoHub Deals: no data since 29 Nov", shared by every reply that
// shows figures so they all say it the same way.
import { formatDay, formatDays } from "../domain/day-format.js";
import { type Locale, t } from "../domain/i18n.js";

/** Shops named in one reply; the rest are counted, so a workspace with many late shops stays one short line. */
const SHOPS_NAMED = 3;

export interface SpanWords {
  notInYet: { from: string; to: string } | null;
  behind: { shopName: string; teamSlug?: string; lastCompleteDay: string | null }[];
}

/** One line per note (empty when the span is whole), for a context block under the figures. */
export function spanNotes(span: SpanWords, locale: Locale, today?: string, withTeams = false): string[] {
  const notes: string[] = [];
  if (span.notInYet) {
    notes.push(t(locale, "span.not_in_yet", { days: formatDays(span.notInYet.from, span.notInYet.to, locale, today) }));
  }
  const named = span.behind.slice(0, SHOPS_NAMED).map((b) => {
    const team = withTeams && b.teamSlug ? b.teamSlug : null;
    if (b.lastCompleteDay === null) {
      return team
        ? t(locale, "span.shop_nothing_yet_team", { shop: b.shopName, team })
        : t(locale, "span.shop_nothing_yet", { shop: b.shopName });
    }
    const date = formatDay(b.lastCompleteDay, locale, today);
    return team
      ? t(locale, "span.shop_behind_team", { shop: b.shopName, team, date })
      : t(locale, "span.shop_behind", { shop: b.shopName, date });
  });
  if (span.behind.length > SHOPS_NAMED) {
    named.push(t(locale, "span.more_behind", { count: span.behind.length - SHOPS_NAMED }));
  }
  if (named.length) notes.push(`⏳ ${named.join(" · ")}`);
  return notes;
}
