// The digest's picture: cumulative GMV this month against the straight-line pace of each target tier. Chart
// coordinates are the only place money becomes a float: pixels, not sums.

import { cjkFontAvailable } from "../charts/fonts.js";
import { renderGmvPaceChart } from "../charts/gmv-pace.js";
import { type Locale, t } from "../domain/i18n.js";
import { daysInPeriod } from "../domain/periods.js";
import type { Logger } from "../log.js";
import type { TeamDigest } from "./service.js";

export function digestChart(log: Pick<Logger, "warn">) {
  let warned = false;
  return async (digest: TeamDigest, locale: Locale): Promise<Uint8Array | null> => {
    if (locale === "zh" && !cjkFontAvailable() && !warned) {
      warned = true;
      log.warn("no Chinese font found (install fonts-wqy-microhei): Chinese chart text will show as boxes");
    }
    return renderGmvPaceChart({
      title: t(locale, "digest.chart_title", { team: digest.team.name }),
      currency: digest.team.currency,
      locale,
      days: digest.cumulative.map((d) => ({ date: d.date, cumulative: d.value.toNumber() })),
      daysInMonth: daysInPeriod(digest.period),
      tiers: (digest.target?.tiers ?? []).map((tier) => ({
        name: t(locale, `tier.${tier.name}`),
        value: tier.value.toNumber(),
      })),
      labels: { actual: t(locale, "digest.chart_actual"), pace: t(locale, "digest.chart_pace") },
    });
  };
}
