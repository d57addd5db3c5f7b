// What members do with alerts from chat: list them, acknowledge, snooze and assign them (buttons or commands),
// and what leads do: add, remove and mute rules, set the detector's sensitivity, run a scan now.

import { Decimal } from "decimal.js";
import type { DateTime } from "luxon";
import type { AuditLog } from "../audit/repository.js";
import { message, type OutgoingMessage } from "../chat/message.js";
import type { PlatformName } from "../chat/platform.js";
import { ALERT_EXAMPLES, type AlertScopeRef, type ParsedRule, parseRule } from "../domain/alert-grammar.js";
import { SENSITIVITY_THRESHOLDS, type Sensitivity } from "../domain/anomaly/options.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { type Locale, t } from "../domain/i18n.js";
import { findMetric } from "../domain/metrics.js";
import { assertCanHandleAlert, atLeast } from "../domain/permissions.js";
import { wordTable } from "../domain/text.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import { DATA_MISSING, type RuleView, renderAlertGroup, renderAlertList, renderRules, shortIdOf } from "./render.js";
import type { AlertEventRow, AlertRepository, AlertRuleRow } from "./repository.js";
import type { AlertScan, ScanSummary } from "./scan.js";
import { teamSensitivity } from "./scan.js";
import { toViews } from "./views.js";

export interface AlertServiceDeps {
  repo: AlertRepository;
  members: MemberRepository;
  scan: AlertScan;
  audit: AuditLog;
  clock: () => DateTime;
  /** Tells a member (the assignee) in a direct message. */
  notify(member: MemberProfile, build: (locale: Locale) => OutgoingMessage): Promise<void>;
}

const SENSITIVITY_WORDS = wordTable<Sensitivity>({
  low: "low",
  低: "low",
  medium: "medium",
  normal: "medium",
  中: "medium",
  high: "high",
  高: "high",
});

/** What "/alert mute data 24h" may say for the "no data from <shop>" alerts (they are not a metric). */
const MISSING_DATA_WORDS: ReadonlySet<string> = new Set([
  "data",
  "nodata",
  "missing",
  DATA_MISSING,
  "数据",
  "无数据",
  "缺数据",
]);

/** Alert ids and group keys are cuids (25 characters); anything longer is not one, and is not looked up. */
const MAX_ALERT_REF = 40;

export function sensitivityName(threshold: number): string {
  const named = (Object.entries(SENSITIVITY_THRESHOLDS) as [Sensitivity, number][]).find(([, v]) => v === threshold);
  return named ? named[0] : `z ≥ ${threshold}`;
}

export function createAlertService(deps: AlertServiceDeps) {
  const { repo, members } = deps;

  async function teamOf(member: MemberProfile, ref?: string): Promise<TeamProfile> {
    if (ref) {
      const team = await members.findTeam(member.workspaceId, ref);
      if (!team) throw new UserError("error.unknown_team", { team: ref }, "/alert list team ID-beauty");
      if (!atLeast(member, "manager") && member.team?.id !== team.id) {
        throw new PermissionDenied("alert.view_team", "deny.view_team", { team: team.slug });
      }
      return team;
    }
    if (!member.team) throw new UserError("alert.no_team");
    return member.team;
  }

  function assertCanChangeRules(member: MemberProfile, team: TeamProfile): void {
    if (atLeast(member, "manager")) return;
    if (member.role === "lead" && member.team?.id === team.id) return;
    throw new PermissionDenied("alert.rules", "deny.alert_rules", { team: team.slug });
  }

  /**
   * The alert a button or a command names, read inside the member's workspace only, and checked against their
   * team. A key that names another workspace's alert is a forged button: refused (and so audited), not "not found".
   */
  async function groupOf(member: MemberProfile, ref: string): Promise<{ events: AlertEventRow[]; team: TeamProfile }> {
    const clean = ref.replace(/^#/, "").trim();
    if (clean.length > MAX_ALERT_REF) {
      throw new UserError("alert.not_found", { id: clean.slice(0, MAX_ALERT_REF) }, ALERT_EXAMPLES.snooze);
    }
    let events = clean ? await repo.group(member, clean) : [];
    if (events.length === 0) {
      const one = clean.length >= 4 ? await repo.findEventBySuffix(member.workspaceId, clean) : null;
      if (one) events = one.groupKey ? await repo.group(member, one.groupKey) : [one];
    }
    const first = events[0];
    if (!first) {
      if (clean && (await repo.existsOutside(member, clean))) {
        throw new PermissionDenied("alert.handle", "deny.alert_handle");
      }
      throw new UserError("alert.not_found", { id: clean }, ALERT_EXAMPLES.snooze);
    }
    assertCanHandleAlert(member, first);
    const team = await members.findTeamById(first.teamId);
    if (!team) throw new UserError("alert.not_found", { id: clean }, ALERT_EXAMPLES.snooze);
    return { events, team };
  }

  async function render(events: AlertEventRow[], team: TeamProfile, locale: Locale): Promise<OutgoingMessage> {
    const fresh = await repo.group(team, events[0]?.groupKey ?? events[0]?.id ?? "");
    return renderAlertGroup(await toViews(fresh.length ? fresh : events, members), {
      zone: team.timezone,
      locale,
      team: team.name,
    });
  }

  async function scopeOf(team: TeamProfile, ref: AlertScopeRef | null) {
    if (!ref || ref.kind === "team") return { scopeType: "team" as const, scopeId: team.id, label: team.name };
    if (ref.kind === "member") {
      const m = await members.findByHandle(team.workspaceId, ref.ref);
      if (!m || m.team?.id !== team.id)
        throw new UserError("error.unknown_member", { handle: ref.ref }, ALERT_EXAMPLES.threshold);
      return { scopeType: "member" as const, scopeId: m.id, label: `@${m.handle}` };
    }
    const shops = await repo.shopNames(team.id);
    const wanted = ref.ref.toLowerCase();
    const shop = [...shops].find(([id, s]) => s.name.toLowerCase() === wanted || id === ref.ref);
    const byExternal = shop ? null : await repo.shopByExternalId(team.id, ref.ref);
    const found = shop ? { id: shop[0], name: shop[1].name } : byExternal;
    if (!found) throw new UserError("alert.unknown_shop", { shop: ref.ref, team: team.slug }, ALERT_EXAMPLES.change);
    return { scopeType: "shop" as const, scopeId: found.id, label: found.name };
  }

  async function ruleViews(team: TeamProfile, rules: AlertRuleRow[]): Promise<RuleView[]> {
    const shops = await repo.shopNames(team.id);
    const people = new Map((await members.listTeamMembers(team.id)).map((m) => [m.id, `@${m.handle}`]));
    return rules
      .filter((r) => !(r.kind === "statistical" && r.metricKey === "*"))
      .map((r) => ({
        shortId: shortIdOf(r.id),
        kind: r.kind,
        metricKey: r.metricKey,
        operator: r.operator,
        threshold: new Decimal(r.threshold.toString()),
        floor: r.floor ? new Decimal(r.floor.toString()) : null,
        floorCurrency: r.floorCurrency,
        scopeLabel:
          r.scopeType === "shop"
            ? (shops.get(r.scopeId ?? "")?.name ?? "?")
            : r.scopeType === "member"
              ? (people.get(r.scopeId ?? "") ?? "?")
              : team.name,
        mutedUntil: r.mutedUntil,
      }));
  }

  async function audit(member: MemberProfile, action: string, subject: string, detail?: Record<string, unknown>) {
    await deps.audit.record({
      workspaceId: member.workspaceId,
      actorId: member.id,
      action,
      subject,
      allowed: true,
      detail,
    });
  }

  return {
    async list(member: MemberProfile, locale: Locale, teamRef?: string): Promise<OutgoingMessage> {
      const team = await teamOf(member, teamRef);
      const events = await repo.unresolved(team.id);
      const views = await toViews(events, members);
      return renderAlertList(views, { zone: member.timezone, locale, team: team.name });
    },

    async rules(member: MemberProfile, locale: Locale, teamRef?: string): Promise<OutgoingMessage> {
      const team = await teamOf(member, teamRef);
      const rules = await repo.rulesOfTeam(team.id);
      return renderRules(await ruleViews(team, rules), {
        locale,
        zone: member.timezone,
        currency: team.currency,
        team: team.name,
        sensitivity: sensitivityName(teamSensitivity(rules)),
      });
    },

    async addRule(
      member: MemberProfile,
      text: string,
    ): Promise<{ rule: RuleView; currency: string; parsed: ParsedRule }> {
      const parsed = parseRule(text);
      const team = parsed.scope?.kind === "team" ? await teamOf(member, parsed.scope.ref) : await teamOf(member);
      assertCanChangeRules(member, team);
      const scope = await scopeOf(team, parsed.scope);
      if (parsed.kind === "pct_change" && parsed.floor && !parsed.floor.currency && parsed.metric.unit === "money") {
        // A bare floor on a money metric is in the team's currency; say so by storing it.
        parsed.floor.currency = team.currency as never;
      }
      const rule = await repo.createRule({
        workspaceId: team.workspaceId,
        teamId: team.id,
        metricKey: parsed.metric.key,
        scopeType: scope.scopeType,
        scopeId: scope.scopeType === "team" ? null : scope.scopeId,
        kind: parsed.kind,
        operator: parsed.operator,
        threshold: parsed.threshold.toString(),
        floor: parsed.kind === "pct_change" && parsed.floor ? parsed.floor.amount.toString() : null,
        floorCurrency: parsed.kind === "pct_change" && parsed.floor ? parsed.floor.currency : null,
        createdById: member.id,
      });
      await audit(member, "alert.rule_add", rule.id, { text });
      const [view] = await ruleViews(team, [rule]);
      return { rule: view as RuleView, currency: team.currency, parsed };
    },

    async removeRule(member: MemberProfile, ref: string | undefined): Promise<RuleView & { currency: string }> {
      const rule = ref ? await repo.findRuleBySuffix(member.workspaceId, ref.replace(/^#/, "")) : null;
      if (!rule?.teamId) throw new UserError("alert.rule_not_found", { id: ref ?? "" }, ALERT_EXAMPLES.remove);
      const team = await teamOf(member, (await members.findTeamById(rule.teamId))?.slug);
      assertCanChangeRules(member, team);
      const [view] = await ruleViews(team, [rule]);
      await repo.deleteRule(team, rule.id);
      await audit(member, "alert.rule_remove", rule.id);
      return { ...(view as RuleView), currency: team.currency };
    },

    /** Mutes one rule, or every alert on a metric (detector and rules) in the member's team, for a while. */
    async mute(
      member: MemberProfile,
      what: string | undefined,
      minutes: number,
    ): Promise<{ what: string; until: DateTime }> {
      if (!what) throw new UserError("alert.mute_what", {}, ALERT_EXAMPLES.mute);
      const until = deps.clock().plus({ minutes });
      const metric = MISSING_DATA_WORDS.has(what.toLowerCase()) ? { key: DATA_MISSING } : findMetric(what);
      if (metric) {
        const team = await teamOf(member);
        assertCanChangeRules(member, team);
        const rules = await repo.rulesOfTeam(team.id);
        const stat = rules.find((r) => r.kind === "statistical" && r.metricKey === metric.key);
        if (stat) await repo.updateRule(team, stat.id, { mutedUntil: until.toJSDate() });
        else
          await repo.createRule({
            workspaceId: team.workspaceId,
            teamId: team.id,
            metricKey: metric.key,
            kind: "statistical",
            operator: "both",
            threshold: "0",
            mutedUntil: until.toJSDate(),
            createdById: member.id,
          });
        for (const r of rules.filter((x) => x.kind !== "statistical" && x.metricKey === metric.key)) {
          await repo.updateRule(team, r.id, { mutedUntil: until.toJSDate() });
        }
        await audit(member, "alert.mute", metric.key, { minutes });
        return { what: metric.key, until };
      }
      const rule = await repo.findRuleBySuffix(member.workspaceId, what.replace(/^#/, ""));
      if (!rule?.teamId) throw new UserError("alert.mute_what", { value: what }, ALERT_EXAMPLES.mute);
      const team = await teamOf(member, (await members.findTeamById(rule.teamId))?.slug);
      assertCanChangeRules(member, team);
      await repo.updateRule(team, rule.id, { mutedUntil: until.toJSDate() });
      await audit(member, "alert.mute", rule.id, { minutes });
      return { what: `#${shortIdOf(rule.id)}`, until };
    },

    async setSensitivity(
      member: MemberProfile,
      word: string | undefined,
      teamRef?: string,
    ): Promise<{ team: string; level: Sensitivity }> {
      const level = SENSITIVITY_WORDS[(word ?? "").toLowerCase()];
      if (!level) throw new UserError("alert.bad_sensitivity", { value: word ?? "" }, ALERT_EXAMPLES.sensitivity);
      const team = await teamOf(member, teamRef);
      assertCanChangeRules(member, team);
      const rules = await repo.rulesOfTeam(team.id);
      const row = rules.find((r) => r.kind === "statistical" && r.metricKey === "*");
      const sensitivity = String(SENSITIVITY_THRESHOLDS[level]);
      if (row) await repo.updateRule(team, row.id, { sensitivity });
      else
        await repo.createRule({
          workspaceId: team.workspaceId,
          teamId: team.id,
          metricKey: "*",
          kind: "statistical",
          operator: "both",
          threshold: "0",
          sensitivity,
          createdById: member.id,
        });
      await audit(member, "alert.sensitivity", team.slug, { level });
      return { team: team.name, level };
    },

    async acknowledge(member: MemberProfile, ref: string, locale: Locale, platform?: PlatformName) {
      const { events, team } = await groupOf(member, ref);
      for (const e of events.filter((x) => x.status !== "resolved")) {
        await repo.updateEvent(team, e.id, { status: "acknowledged", acknowledgedById: member.id, snoozedUntil: null });
      }
      await audit(member, "alert.acknowledge", events[0]?.groupKey ?? "");
      await deps.scan.rerender(team, events[0]?.groupKey ?? "", platform);
      return render(events, team, locale);
    },

    async snooze(member: MemberProfile, ref: string, minutes: number, locale: Locale, platform?: PlatformName) {
      const { events, team } = await groupOf(member, ref);
      const until = deps.clock().plus({ minutes }).toJSDate();
      for (const e of events.filter((x) => x.status !== "resolved")) {
        await repo.updateEvent(team, e.id, { status: "snoozed", snoozedUntil: until });
      }
      await audit(member, "alert.snooze", events[0]?.groupKey ?? "", { minutes });
      await deps.scan.rerender(team, events[0]?.groupKey ?? "", platform);
      return render(events, team, locale);
    },

    /** Snoozes every unresolved alert of the member's team ("/alert snooze 12h"). */
    async snoozeAll(member: MemberProfile, minutes: number): Promise<number> {
      const team = await teamOf(member);
      const until = deps.clock().plus({ minutes }).toJSDate();
      const open = (await repo.unresolved(team.id)).filter((e) => e.status !== "snoozed");
      for (const e of open) await repo.updateEvent(team, e.id, { status: "snoozed", snoozedUntil: until });
      for (const g of new Set(open.map((e) => e.groupKey).filter((x): x is string => !!x)))
        await deps.scan.rerender(team, g);
      await audit(member, "alert.snooze_all", team.slug, { minutes, count: open.length });
      return open.length;
    },

    /** Who may be assigned an alert of this group: the team's members. */
    async assignees(
      member: MemberProfile,
      ref: string,
    ): Promise<{ team: TeamProfile; people: MemberProfile[]; groupKey: string }> {
      const { events, team } = await groupOf(member, ref);
      return {
        team,
        people: await members.listTeamMembers(team.id),
        groupKey: events[0]?.groupKey ?? events[0]?.id ?? ref,
      };
    },

    async assign(member: MemberProfile, ref: string, handle: string, locale: Locale, platform?: PlatformName) {
      const { events, team } = await groupOf(member, ref);
      const assignee = await members.findByHandle(member.workspaceId, handle);
      if (!assignee || (assignee.team?.id !== team.id && !atLeast(assignee, "manager"))) {
        throw new UserError("alert.bad_assignee", { handle }, "/alert assign a1b2c3 @sari");
      }
      for (const e of events) await repo.updateEvent(team, e.id, { assignedToId: assignee.id });
      await audit(member, "alert.assign", events[0]?.groupKey ?? "", { assignee: assignee.handle });
      const views = await toViews(await repo.group(team, events[0]?.groupKey ?? ""), members);
      if (assignee.id !== member.id) {
        await deps.notify(assignee, (l) => {
          const alert = renderAlertGroup(views, { zone: assignee.timezone, locale: l, team: team.name });
          return message([
            { type: "section", text: t(l, "alert.assigned_dm", { by: member.handle }) },
            ...alert.blocks,
          ]);
        });
      }
      await deps.scan.rerender(team, events[0]?.groupKey ?? "", platform);
      return { message: await render(events, team, locale), assignee };
    },

    async scanNow(member: MemberProfile, teamRef?: string): Promise<ScanSummary> {
      const team = await teamOf(member, teamRef);
      assertCanChangeRules(member, team);
      return deps.scan.scanTeam(team);
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
