// The weekly report, Monday morning in the team channel: last week against the week before and against target,
// leaderboards, the week's best content, and the CSV of every fact of the week (the raw rows, not a summary).
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { Block, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import { formatDay } from "../domain/day-format.js";
import { type Locale, t } from "../domain/i18n.js";
import { getMetric } from "../domain/metrics.js";
import { formatNumber } from "../domain/numbers.js";
import { periodContaining } from "../domain/periods.js";
import { spanNotes } from "../freshness/render.js";
import { dayAfter, daysFrom } from "../freshness/rules.js";
import type { FreshnessService } from "../freshness/service.js";
import type { MemberRepository } from "../members/repository.js";
import type { TeamProfile } from "../members/types.js";
import { type FactRepository, rollUpTeam } from "../metrics/repository.js";
import type { TargetRepository } from "../targets/repository.js";
import { toCsv } from "./csv.js";
import type { DigestRepository } from "./repository.js";

const WEEK_METRICS = ["gmv_gross", "orders", "videos_posted", "live_sessions"];

export interface WeeklyDeps {
  facts: FactRepository;
  targets: TargetRepository;
  members: MemberRepository;
  repo: DigestRepository;
  freshness: Pick<FreshnessService, "forTeams">;
}

const pct = (now: Decimal, before: Decimal) =>
  before.isZero() ? "–" : `${now.gte(before) ? "+" : "−"}${now.minus(before).abs().div(before).mul(100).toFixed(0)}%`;

export function createWeeklyReport(deps: WeeklyDeps) {
  /** The report on the ISO week before `now` in the team's zone. */
  async function build(team: TeamProfile, now: DateTime): Promise<OutgoingMessage> {
    const locale: Locale = team.locale;
    const lastWeek = periodContaining("week", now.setZone(team.timezone).minus({ weeks: 1 }));
    const freshness = (await deps.freshness.forTeams([team], now)).get(team.id);
    const complete = freshness?.completeThrough ?? lastWeek.end;
    // Last week through its last complete day, against the same number of days of the week before: a shop that is
    // a day late must not read as a week-on-week fall.
    const end = complete < lastWeek.end ? complete : lastWeek.end;
    const covered = Math.max(0, daysFrom(lastWeek.start, end) + 1);
    const before = {
      from: DateTime.fromISO(lastWeek.start).minus({ weeks: 1 }).toISODate() as string,
      to: DateTime.fromISO(end).minus({ weeks: 1 }).toISODate() as string,
    };
    const [thisSums, prevSums, facts, best, targets] = await Promise.all([
      deps.facts.teamSums([team.id], { metricKeys: WEEK_METRICS, from: lastWeek.start, to: end }),
      deps.facts.teamSums([team.id], { metricKeys: WEEK_METRICS, from: before.from, to: before.to }),
      deps.repo.teamFacts(team.id, lastWeek.start, end),
      deps.repo.bestContent(team.id, lastWeek.start, end),
      deps.targets.forScopes(
        team.workspaceId,
        [{ scopeType: "team", scopeId: team.id }],
        [lastWeek.start, periodContaining("month", DateTime.fromISO(lastWeek.end)).start],
      ),
    ]);
    const week = rollUpTeam(thisSums).get(team.id) ?? new Map<string, Decimal>();
    const prev = rollUpTeam(prevSums).get(team.id) ?? new Map<string, Decimal>();
    const value = (key: string, unit: ReturnType<typeof getMetric>) =>
      formatNumber(week.get(key) ?? new Decimal(0), { locale, unit: unit?.unit ?? "count", currency: team.currency });
    const lines = WEEK_METRICS.map((key) => {
      const def = getMetric(key);
      const name = locale === "zh" ? def?.nameZh : def?.nameEn;
      return `${name}: ${value(key, def)} (${pct(week.get(key) ?? new Decimal(0), prev.get(key) ?? new Decimal(0))} ${t(locale, "weekly.vs_previous")})`;
    });

    // Against target: a weekly GMV target if the team has one, else the month's base tier prorated to 7 days.
    const gmv = week.get("gmv_gross") ?? new Decimal(0);
    const weekly = targets.find((x) => x.metricKey === "gmv_gross" && x.periodKind === "week");
    const monthly = targets.find((x) => x.metricKey === "gmv_gross" && x.periodKind === "month");
    const money = (v: Decimal) => formatNumber(v, { locale, unit: "money", currency: team.currency });
    if (covered === 0) {
      lines.push(t(locale, "weekly.not_in_yet"));
    } else if (weekly?.tiers[0] && covered === 7) {
      lines.push(
        t(locale, "weekly.vs_target", {
          pct: `${gmv.div(weekly.tiers[0].value).mul(100).toFixed(0)}%`,
          target: money(weekly.tiers[0].value),
        }),
      );
    } else if (weekly?.tiers[0] || monthly?.tiers[0]) {
      // Part of the week is in: the target is prorated to the days that are, like the month's tier to a week.
      const days = weekly?.tiers[0] ? 7 : (DateTime.fromISO(monthly?.periodStart ?? lastWeek.start).daysInMonth ?? 30);
      const tier = (weekly?.tiers[0] ?? monthly?.tiers[0])?.value as Decimal;
      const prorated = tier.mul(covered).div(days);
      lines.push(
        t(locale, "weekly.vs_prorated", {
          pct: `${gmv.div(prorated).mul(100).toFixed(0)}%`,
          target: money(prorated),
          days: covered,
        }),
      );
    } else {
      lines.push(t(locale, "digest.no_target"));
    }

    // Leaderboards from the raw rows of the week (the same rows as the CSV).
    const byMember = (metric: string) => {
      const totals = new Map<string, Decimal>();
      for (const row of facts) {
        if (row.scopeType !== "member" || row.metricKey !== metric) continue;
        totals.set(row.scope, (totals.get(row.scope) ?? new Decimal(0)).plus(row.value));
      }
      return [...totals].sort((a, b) => b[1].comparedTo(a[1])).slice(0, 5);
    };
    const board = (metric: string) =>
      byMember(metric)
        .map(
          ([handle, v], i) =>
            `${i + 1}. @${handle} ${formatNumber(v, { locale, unit: getMetric(metric)?.unit ?? "count", currency: team.currency })}`,
        )
        .join("\n") || "–";
    const creators = new Map<string, Decimal>();
    for (const row of facts) {
      if (row.scopeType === "creator" && row.metricKey === "gmv_gross") {
        creators.set(row.scope, (creators.get(row.scope) ?? new Decimal(0)).plus(row.value));
      }
    }
    const topCreators = [...creators].sort((a, b) => b[1].comparedTo(a[1])).slice(0, 3);
    const bestLines = [
      ...best.map(
        (c) =>
          `${c.kind === "live" ? "🔴 LIVE" : "🎬"} @${c.handle} ${c.localDate}: ${money(c.gmv)}${c.tags.length ? ` · ${c.tags.map((x) => `#${x}`).join(" ")}` : ""}`,
      ),
      ...topCreators.map(([handle, v]) => `⭐ @${handle}: ${money(v)}`),
    ];

    const blocks: Block[] = [
      {
        type: "header",
        text: `📅 ${t(locale, "weekly.title", { team: team.name, week: locale === "zh" ? lastWeek.labelZh : lastWeek.labelEn })}`,
      },
      { type: "section", text: lines.join("\n") },
      ...(end < lastWeek.end
        ? [
            {
              type: "context" as const,
              text: [
                t(locale, "weekly.through", { date: formatDay(end, locale), days: covered }),
                ...spanNotes(
                  {
                    notInYet: { from: end < lastWeek.start ? lastWeek.start : dayAfter(end), to: lastWeek.end },
                    behind: (freshness?.behind ?? []).filter((b) => b.overdue),
                  },
                  locale,
                ),
              ].join("\n"),
            },
          ]
        : []),
      {
        type: "fields",
        fields: [
          { label: t(locale, "weekly.board_gmv"), value: board("gmv_gross") },
          { label: t(locale, "weekly.board_videos"), value: board("videos_posted") },
        ],
      },
      { type: "section", text: `${t(locale, "weekly.best")}\n${bestLines.join("\n") || "–"}` },
      ...(covered > 0
        ? [{ type: "context" as const, text: t(locale, "weekly.csv_note", { rows: facts.length }) }]
        : []),
    ];
    const csv = toCsv(
      [
        "date",
        "metric",
        "scope_type",
        "scope",
        "content_type",
        "traffic",
        "value",
        "currency",
        "original_currency",
        "original_amount",
        "source",
      ],
      facts.map((r) => [
        r.date,
        r.metricKey,
        r.scopeType,
        r.scope,
        r.contentType,
        r.traffic,
        r.value,
        getMetric(r.metricKey)?.unit === "money" ? team.currency : "",
        r.originalCurrency,
        r.originalAmount,
        r.source,
      ]),
    );
    // Nothing of the week in: no file (an empty spreadsheet helps nobody); the words above say why.
    if (covered === 0) return message(blocks);
    return message(blocks, {
      files: [
        {
          name: `${team.slug}-facts-${lastWeek.start}_${end}.csv`,
          mimeType: "text/csv",
          content: csv,
        },
      ],
    });
  }

  return { build };
}

export type WeeklyReport = ReturnType<typeof createWeeklyReport>;
