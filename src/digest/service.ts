// The managers' morning digest: yesterday and month to date per team (market) and per person, attainment and pace
// per tier, top and bottom movers, creator pipeline changes, open alerts, and a chart of GMV against target pace.
// Built in batches: one pass of queries serves every team and every recipient of a morning.

import { Decimal } from "decimal.js";
import type { DateTime } from "luxon";
import { DateTime as LuxonDateTime } from "luxon";
import { DATA_MISSING } from "../alerts/render.js";
import type { Block, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import { pushTo } from "../domain/collections.js";
import { formatDay } from "../domain/day-format.js";
import { type Locale, t } from "../domain/i18n.js";
import { getMetric } from "../domain/metrics.js";
import { formatNumber } from "../domain/numbers.js";
import { type Period, periodContaining } from "../domain/periods.js";
import { atLeast } from "../domain/permissions.js";
import type { Stage } from "../domain/pipeline.js";
import { evaluateTarget, type TargetEvaluation } from "../domain/targets.js";
import { spanNotes } from "../freshness/render.js";
import type { TeamFreshness } from "../freshness/rules.js";
import { dayAfter, dayBefore } from "../freshness/rules.js";
import type { FreshnessService } from "../freshness/service.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import type { DailySum, FactRepository } from "../metrics/repository.js";
import type { StoredTarget, TargetRepository } from "../targets/repository.js";
import type { DigestRepository, MemberDigestSums, OpenAlert } from "./repository.js";

export const DIGEST_METRIC = "gmv_gross";
const MOVERS = 3;
const USUAL_WEEKS = 4;
const CHART_CONCURRENCY = 4;

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

export interface MemberLine {
  member: MemberProfile;
  /** null: yesterday is not complete for the team yet ("not in yet", never 0). */
  yesterday: Decimal | null;
  /** Month to date through the team's last complete day. */
  mtd: Decimal;
  /** Average of the same weekday over the 4 weeks before: what "moving" is measured against (LIVE weekends). */
  usual: Decimal;
}

export interface TeamDigest {
  team: TeamProfile;
  yesterday: string;
  period: Period;
  /** The team's last complete day (yesterday when every shop is in): month to date, pace and projection end here. */
  through: string;
  /** Shops that usually report and are behind, and since when. */
  freshness: TeamFreshness;
  /** Cumulative GMV per day of the month through `through`. */
  cumulative: { date: string; value: Decimal }[];
  /** null when yesterday is not complete: "not in yet", never 0. */
  yesterdayGmv: Decimal | null;
  mtdGmv: Decimal;
  target: StoredTarget | null;
  evaluation: TargetEvaluation | null;
  members: MemberLine[];
  stageEntries: Map<Stage, number>;
  openAlerts: OpenAlert[];
}

export interface DigestDeps {
  facts: FactRepository;
  targets: TargetRepository;
  members: MemberRepository;
  repo: DigestRepository;
  freshness: Pick<FreshnessService, "forTeams">;
  /** Draws the GMV-against-pace chart (PNG); absent, the digest goes without a picture. */
  chart?: (team: TeamDigest, locale: Locale) => Promise<Uint8Array | null>;
}

const zero = () => new Decimal(0);

/** The same weekday in each of the USUAL_WEEKS weeks before `date`. */
function sameWeekdaysBefore(date: string): string[] {
  return Array.from(
    { length: USUAL_WEEKS },
    (_, i) =>
      LuxonDateTime.fromISO(date)
        .minus({ weeks: i + 1 })
        .toISODate() as string,
  );
}

/** A team's GMV per day: shop and team facts when the team has any in the range, else its members' (no double count). */
function teamDailyGmv(rows: DailySum[]): Map<string, Decimal> {
  const org = rows.filter((r) => r.scopeType === "team" || r.scopeType === "shop");
  const used = org.length ? org : rows.filter((r) => r.scopeType === "member");
  const byDate = new Map<string, Decimal>();
  for (const r of used) byDate.set(r.date, (byDate.get(r.date) ?? zero()).plus(r.value));
  return byDate;
}

/** An open alert in a few words: "GMV (gross) · GizmoHub Deals (major, since 20 Nov)", "no data: GizmoHub UK". */
function openAlertText(a: OpenAlert, locale: Locale): string {
  const since = formatDay(a.firstDate, locale);
  if (a.metricKey === DATA_MISSING) {
    // Its first day is the first one missing; the words name the last one that is in, like the alert itself.
    const date = formatDay(dayBefore(a.firstDate), locale);
    return t(locale, "digest.alert_missing", { shop: a.shopName ?? a.scopeId, date, severity: a.severity });
  }
  const def = getMetric(a.metricKey);
  const name = def ? (locale === "zh" ? def.nameZh : def.nameEn) : a.metricKey;
  return `${name}${a.shopName ? ` · ${a.shopName}` : ""} (${a.severity}, ${since})`;
}

export function createDigestService(deps: DigestDeps) {
  /** Everything the digests of `teams` need, as of `now`, each team in its own zone. */
  async function collect(teams: TeamProfile[], now: DateTime): Promise<Map<string, TeamDigest>> {
    if (teams.length === 0) return new Map();
    // Each team's yesterday and month in its own zone; `through` (its last complete day) comes from freshness.
    const days = new Map(
      teams.map((team) => {
        const yesterday = now.setZone(team.timezone).minus({ days: 1 });
        return [
          team.id,
          { yesterday: yesterday.toISODate() as string, period: periodContaining("month", yesterday) },
        ] as const;
      }),
    );
    const dates = [...days.values()];
    const from = dates.map((d) => d.period.start).sort()[0] as string;
    const to = dates
      .map((d) => d.yesterday)
      .sort()
      .at(-1) as string;
    const teamIds = teams.map((t) => t.id);
    const byWorkspace = new Map<string, TeamProfile[]>();
    for (const team of teams) pushTo(byWorkspace, team.workspaceId, team);

    /**
     * Per member, yesterday, month to date through `throughOf(team)` and the usual weekday. Teams sharing a local
     * yesterday and a last complete day (usually all of them, a few groups at most) share one query.
     */
    const memberSumsThrough = async (
      roster: Map<string, MemberProfile[]>,
      forTeams: TeamProfile[],
      throughOf: (team: TeamProfile) => string,
    ) => {
      const byDay = new Map<string, string[]>();
      for (const team of forTeams) {
        const key = `${days.get(team.id)?.yesterday}|${throughOf(team)}`;
        pushTo(byDay, key, ...(roster.get(team.id) ?? []).map((m) => m.id));
      }
      const lists = await Promise.all(
        [...byDay].map(([key, ids]) => {
          const [yesterday, through] = key.split("|") as [string, string];
          return deps.repo.memberSums(ids, DIGEST_METRIC, {
            yesterday,
            monthStart: periodContaining("month", LuxonDateTime.fromISO(yesterday)).start,
            through,
            sameWeekdays: sameWeekdaysBefore(yesterday),
          });
        }),
      );
      return new Map(lists.flat().map((m) => [m.memberId, m]));
    };

    // Nothing but the members' month to date depends on freshness: every read starts at once, and the members'
    // sums start on the likely span (every team complete through its yesterday) as soon as the roster is in. Teams
    // whose span turns out shorter are read again on their own.
    const rosterRead = deps.members.listMembersOfTeams(teamIds);
    const likelySums = rosterRead.then((roster) =>
      memberSumsThrough(roster, teams, (team) => days.get(team.id)?.yesterday as string),
    );
    // Awaited below; a failure elsewhere first must not leave it as an unhandled rejection.
    likelySums.catch(() => {});
    const [freshness, teamMembers, teamRows, stageRows, alerts, ...targetLists] = await Promise.all([
      deps.freshness.forTeams(teams, now),
      rosterRead,
      deps.facts.teamDaily(teamIds, { metricKeys: [DIGEST_METRIC], from, to }),
      deps.repo.stageEntries(
        teamIds,
        LuxonDateTime.fromISO(from).minus({ days: 1 }).toJSDate(),
        LuxonDateTime.fromISO(to).plus({ days: 2 }).toJSDate(),
      ),
      deps.repo.openAlerts(teamIds),
      ...[...byWorkspace].map(([workspaceId, list]) =>
        deps.targets.forScopes(
          workspaceId,
          list.map((team) => ({ scopeType: "team" as const, scopeId: team.id })),
          [...new Set(list.map((team) => days.get(team.id)?.period.start as string))],
        ),
      ),
    ]);
    const local = new Map(
      teams.map((team) => {
        const day = days.get(team.id) as { yesterday: string; period: Period };
        return [team.id, { ...day, through: freshness.get(team.id)?.completeThrough ?? day.yesterday }];
      }),
    );
    const throughOf = (team: TeamProfile) => local.get(team.id)?.through as string;
    const shorter = teams.filter((team) => throughOf(team) !== days.get(team.id)?.yesterday);
    const [likely, corrected] = await Promise.all([
      likelySums,
      shorter.length ? memberSumsThrough(teamMembers, shorter, throughOf) : new Map<string, MemberDigestSums>(),
    ]);
    const memberSums = new Map([...likely, ...corrected]);
    const targets = targetLists
      .flat()
      .filter((target) => target.metricKey === DIGEST_METRIC && target.periodKind === "month");
    const rowsByTeam = new Map<string, DailySum[]>();
    for (const row of teamRows) pushTo(rowsByTeam, row.key, row);

    const result = new Map<string, TeamDigest>();
    for (const team of teams) {
      const { yesterday, period, through } = local.get(team.id) as {
        yesterday: string;
        period: Period;
        through: string;
      };
      const yesterdayIn = yesterday <= through;
      // Only this team's own month decides whether its GMV comes from shop/team facts or from member facts.
      const monthRows = (rowsByTeam.get(team.id) ?? []).filter((r) => r.date >= period.start && r.date <= through);
      const daily = teamDailyGmv(monthRows);
      const monthDates = [...daily.keys()].sort();
      let running = zero();
      const cumulative = monthDates.map((date) => {
        running = running.plus(daily.get(date) ?? 0);
        return { date, value: running };
      });
      const mtdGmv = running;
      const target = targets.find((x) => x.scopeId === team.id && x.periodStart === period.start) ?? null;
      const evaluation = target
        ? evaluateTarget({
            direction: "higher_better",
            tiers: target.tiers,
            actual: mtdGmv,
            period,
            // Pace counts the remaining days from the first one not in; the projection uses complete days only.
            today: through,
            dailyActuals: monthDates.map((date) => ({ date, value: daily.get(date) ?? zero() })),
          })
        : null;
      const members = (teamMembers.get(team.id) ?? []).map((member): MemberLine => {
        const sums = memberSums.get(member.id);
        return {
          member,
          yesterday: yesterdayIn ? (sums?.yesterday ?? zero()) : null,
          mtd: sums?.mtd ?? zero(),
          usual: (sums?.sameWeekdays ?? zero()).div(USUAL_WEEKS),
        };
      });
      // Yesterday in the team's zone: from its local midnight to the next.
      const dayStart = LuxonDateTime.fromISO(yesterday, { zone: team.timezone }).toJSDate();
      const dayEnd = LuxonDateTime.fromISO(yesterday, { zone: team.timezone }).plus({ days: 1 }).toJSDate();
      const stageEntries = new Map<Stage, number>();
      for (const row of stageRows) {
        if (row.teamId === team.id && row.at >= dayStart && row.at < dayEnd) {
          stageEntries.set(row.stage, (stageEntries.get(row.stage) ?? 0) + 1);
        }
      }
      result.set(team.id, {
        team,
        yesterday,
        period,
        through,
        freshness: freshness.get(team.id) as TeamFreshness,
        cumulative,
        yesterdayGmv: yesterdayIn ? (daily.get(yesterday) ?? zero()) : null,
        mtdGmv,
        target,
        evaluation,
        members,
        stageEntries,
        openAlerts: alerts.filter((a) => a.teamId === team.id),
      });
    }
    return result;
  }

  /** The teams a recipient's digest covers: a lead's own team; a manager's or admin's whole workspace. */
  function teamsFor(
    recipient: MemberProfile,
    workspaceTeams: (workspaceId: string) => Promise<TeamProfile[]>,
  ): Promise<TeamProfile[]> {
    if (atLeast(recipient, "manager")) return workspaceTeams(recipient.workspaceId);
    return Promise.resolve(recipient.team ? [recipient.team] : []);
  }

  async function compose(recipient: MemberProfile, digests: TeamDigest[]): Promise<OutgoingMessage> {
    const locale = recipient.language;
    const blocks: Block[] = [
      {
        type: "header",
        text: `☀️ ${t(locale, "digest.title", { date: digests[0] ? formatDay(digests[0].yesterday, locale) : "" })}`,
      },
    ];
    if (digests.length === 0) blocks.push({ type: "section", text: t(locale, "digest.no_team") });
    const money = (value: Decimal, team: TeamProfile) =>
      formatNumber(value, { locale, unit: "money", currency: team.currency });
    const notInYet = t(locale, "span.not_in_yet_value");
    for (const d of digests) {
      const lines = [
        t(locale, "digest.team_line", {
          yesterday: d.yesterdayGmv === null ? notInYet : money(d.yesterdayGmv, d.team),
          mtd: money(d.mtdGmv, d.team),
        }),
      ];
      if (d.through < d.yesterday) {
        // Month to date stops at the last complete day: say which, what is missing, and whose shop.
        const from = d.through < d.period.start ? d.period.start : dayAfter(d.through);
        lines.push(
          ...[
            t(locale, "digest.mtd_through", { date: formatDay(d.through, locale) }),
            ...spanNotes(
              {
                notInYet: from <= d.yesterday ? { from, to: d.yesterday } : null,
                behind: d.freshness.behind.filter((b) => b.overdue),
              },
              locale,
            ),
          ],
        );
      }
      if (d.evaluation && d.target) {
        lines.push(t(locale, "digest.attainment", { pct: `${Math.round(d.evaluation.attainment * 100)}%` }));
        for (const p of d.evaluation.pace) {
          lines.push(
            p.neededPerDay === null
              ? `· ${t(locale, `tier.${p.tier.name}`)} ${money(p.tier.value, d.team)}`
              : p.neededPerDay.isZero()
                ? `· ${t(locale, `tier.${p.tier.name}`)} ${money(p.tier.value, d.team)} ✅`
                : `· ${t(locale, `tier.${p.tier.name}`)} ${money(p.tier.value, d.team)}: ${t(
                    locale,
                    "label.needs_per_day",
                    {
                      amount: money(p.neededPerDay, d.team),
                      tier: t(locale, `tier.${p.tier.name}`),
                    },
                  )}`,
          );
        }
      } else {
        lines.push(t(locale, "digest.no_target"));
      }
      blocks.push({ type: "section", text: `📍 ${d.team.name} (${d.team.market})\n${lines.join("\n")}` });

      const people = [...d.members]
        .sort((a, b) => b.mtd.comparedTo(a.mtd))
        .filter((m) => !m.mtd.isZero() || (m.yesterday !== null && !m.yesterday.isZero()));
      if (people.length) {
        blocks.push({
          type: "fields",
          fields: people.slice(0, 10).map((m) => ({
            label: `@${m.member.handle}`,
            value: `${t(locale, "digest.yesterday")} ${m.yesterday === null ? notInYet : money(m.yesterday, d.team)} · ${t(locale, "digest.mtd")} ${money(m.mtd, d.team)}`,
          })),
        });
      }
      // A day that is not in makes no mover: everyone would look "down" on data that simply has not arrived.
      const moving = d.members
        .flatMap((m) => (m.yesterday === null ? [] : [{ m, delta: m.yesterday.minus(m.usual) }]))
        .filter((x) => !x.delta.isZero())
        .sort((a, b) => b.delta.comparedTo(a.delta));
      if (moving.length >= 2) {
        const top = moving.slice(0, MOVERS).filter((x) => x.delta.gt(0));
        const bottom = moving
          .slice(-MOVERS)
          .reverse()
          .filter((x) => x.delta.lt(0));
        const fmt = (x: { m: MemberLine; delta: Decimal }) =>
          `@${x.m.member.handle} ${x.delta.gt(0) ? "+" : "−"}${money(x.delta.abs(), d.team)}`;
        const weekday = LuxonDateTime.fromISO(d.yesterday)
          .setLocale(locale === "zh" ? "zh-CN" : "en")
          .toFormat("cccc");
        blocks.push({
          type: "context",
          text: `${t(locale, "digest.movers_up", { weekday })}: ${top.map(fmt).join(", ") || "–"}\n${t(locale, "digest.movers_down", { weekday })}: ${bottom.map(fmt).join(", ") || "–"}`,
        });
      }
      const pipeline = [...d.stageEntries].map(([stage, n]) => `${t(locale, `stage.${stage}`)} +${n}`);
      if (pipeline.length)
        blocks.push({ type: "context", text: `🤝 ${t(locale, "digest.pipeline")}: ${pipeline.join(" · ")}` });
      blocks.push({
        type: "context",
        text: d.openAlerts.length
          ? `🚨 ${t(locale, "digest.alerts", { count: d.openAlerts.length })}: ${d.openAlerts
              .slice(0, 5)
              .map((a) => openAlertText(a, locale))
              .join(", ")}`
          : `🟢 ${t(locale, "digest.no_alerts")}`,
      });
      blocks.push({ type: "divider" });
    }
    const charted = digests[0];
    if (charted && deps.chart) {
      const png = await deps.chart(charted, locale);
      if (png) {
        blocks.push({
          type: "image",
          alt: t(locale, "digest.chart_alt", { team: charted.team.name }),
          title: t(locale, "digest.chart_title", { team: charted.team.name }),
          png,
        });
      }
    }
    blocks.push({ type: "context", text: t(locale, "digest.footer") });
    return message(blocks);
  }

  /** The digest of every recipient, sharing one collection pass for all the teams they cover. */
  async function buildDigests(recipients: MemberProfile[], now: DateTime): Promise<Map<string, OutgoingMessage>> {
    // Every manager of a workspace covers the same teams: read them once per workspace.
    const listed = new Map<string, Promise<TeamProfile[]>>();
    const workspaceTeams = (workspaceId: string) => {
      if (!listed.has(workspaceId)) listed.set(workspaceId, deps.members.listTeams(workspaceId));
      return listed.get(workspaceId) as Promise<TeamProfile[]>;
    };
    const covered = new Map<string, TeamProfile[]>();
    for (const r of recipients) covered.set(r.id, await teamsFor(r, workspaceTeams));
    const allTeams = [...new Map([...covered.values()].flat().map((team) => [team.id, team])).values()];
    const data = await collect(allTeams, now);
    const result = new Map<string, OutgoingMessage>();
    // Charts are drawn off the main thread by resvg: a few at a time keeps both cores busy.
    await inBatches(recipients, CHART_CONCURRENCY, async (r) => {
      const digests = (covered.get(r.id) ?? []).flatMap((team) => data.get(team.id) ?? []);
      // A lead's own team first (its chart is theirs); then by month-to-date GMV.
      digests.sort((a, b) =>
        a.team.id === r.team?.id ? -1 : b.team.id === r.team?.id ? 1 : b.mtdGmv.comparedTo(a.mtdGmv),
      );
      result.set(r.id, await compose(r, digests));
    });
    return result;
  }

  /** Who gets a digest: active leads, managers and admins of a workspace. */
  async function recipients(workspaceId: string): Promise<MemberProfile[]> {
    return (await deps.members.listActive(workspaceId)).filter((m) => atLeast(m, "lead"));
  }

  return { collect, buildDigests, recipients };
}

export type DigestService = ReturnType<typeof createDigestService>;
