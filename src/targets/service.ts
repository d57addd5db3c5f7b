// Setting, listing and clearing targets from chat, with permissions and an audit trail.
import { Decimal } from "decimal.js";
import type { DateTime } from "luxon";
import type { AuditLog } from "../audit/repository.js";
import { UserError } from "../domain/errors.js";
import { isMoney } from "../domain/metrics.js";
import { isPeriodError, type Period, parsePeriod } from "../domain/periods.js";
import { assertCanSetTarget, assertCanViewMember, assertCanViewTeam, atLeast } from "../domain/permissions.js";
import { type ParsedTarget, TARGET_EXAMPLE } from "../domain/target-grammar.js";
import { type TierName, validateTiers } from "../domain/targets.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import type { StoredTarget, TargetRepository, TargetScope } from "./repository.js";

const TIER_NAMES: TierName[] = ["base", "stretch", "challenge"];

export interface ResolvedScope {
  scopeType: TargetScope;
  scopeId: string;
  teamId: string | null;
  team: TeamProfile | null;
  label: string;
  currency: string;
}

export interface SetResult {
  target: StoredTarget;
  period: Period;
  scope: ResolvedScope;
  /** When the tiers were typed in another currency: what was typed and the rate day used. */
  conversion: { from: string; typed: Decimal[]; rateDate: string } | null;
}

export interface TargetServiceDeps {
  targets: TargetRepository;
  members: MemberRepository;
  fx: FxRepository;
  audit: AuditLog;
  clock: () => DateTime;
}

export function createTargetService(deps: TargetServiceDeps) {
  async function resolveScope(viewer: MemberProfile, parsed: Pick<ParsedTarget, "scope">): Promise<ResolvedScope> {
    const scope =
      parsed.scope ?? (viewer.role === "member" ? { kind: "member" as const, handle: viewer.handle } : null);
    if (!scope) {
      if (!viewer.team) throw new UserError("target.need_scope", {}, TARGET_EXAMPLE);
      return {
        scopeType: "team",
        scopeId: viewer.team.id,
        teamId: viewer.team.id,
        team: viewer.team,
        label: viewer.team.slug,
        currency: viewer.team.currency,
      };
    }
    if (scope.kind === "member") {
      const member = await deps.members.findByHandle(viewer.workspaceId, scope.handle);
      if (!member) throw new UserError("error.unknown_member", { handle: scope.handle }, TARGET_EXAMPLE);
      const currency = member.team?.currency ?? "USD";
      return {
        scopeType: "member",
        scopeId: member.id,
        teamId: member.team?.id ?? null,
        team: member.team,
        label: `@${member.handle}`,
        currency,
      };
    }
    if (scope.kind === "team") {
      const team = await deps.members.findTeam(viewer.workspaceId, scope.slug);
      if (!team) {
        const teams = (await deps.members.listTeams(viewer.workspaceId)).map((t) => t.slug).join(", ");
        throw new UserError("error.unknown_team", { team: scope.slug, teams }, TARGET_EXAMPLE);
      }
      return { scopeType: "team", scopeId: team.id, teamId: team.id, team, label: team.slug, currency: team.currency };
    }
    const teams = (await deps.members.listTeams(viewer.workspaceId)).filter((t) => t.market === scope.code);
    const first = teams[0];
    if (!first)
      throw new UserError(
        "target.unknown_market",
        { market: scope.code },
        "/target set gmv month 150000 usd market ID",
      );
    // A market target spans teams: only managers may set it (teamId null fails the lead check).
    return {
      scopeType: "market",
      scopeId: scope.code,
      teamId: teams.length === 1 ? first.id : null,
      team: first,
      label: `market ${scope.code}`,
      currency: first.currency,
    };
  }

  /** A market target spans teams, so it counts as no single team's: only managers may change it. */
  function assertCanChange(viewer: MemberProfile, scope: ResolvedScope): void {
    assertCanSetTarget(viewer, { teamId: scope.scopeType === "market" ? null : scope.teamId, label: scope.label });
  }

  function resolvePeriod(text: string, zone: string): Period {
    const period = parsePeriod(text, deps.clock().setZone(zone));
    if (isPeriodError(period) || period.kind === "day" || period.kind === "custom") {
      throw new UserError("target.bad_period", { value: text }, TARGET_EXAMPLE);
    }
    return period;
  }

  async function set(viewer: MemberProfile, parsed: ParsedTarget): Promise<SetResult> {
    const scope = await resolveScope(viewer, parsed);
    assertCanChange(viewer, scope);
    const period = resolvePeriod(parsed.periodText, scope.team?.timezone ?? viewer.timezone);
    const typed = parsed.tiers ?? [];
    const checked = validateTiers(typed, parsed.metric.direction);
    if (!checked.ok) throw new UserError("error.bad_tiers", {}, TARGET_EXAMPLE);
    let tiers = typed;
    let conversion: SetResult["conversion"] = null;
    const money = isMoney(parsed.metric);
    if (!money && parsed.currency)
      throw new UserError("target.currency_not_money", { metric: parsed.metric.key }, TARGET_EXAMPLE);
    if (money && parsed.currency && parsed.currency !== scope.currency) {
      const today = deps
        .clock()
        .setZone(scope.team?.timezone ?? "UTC")
        .toISODate() as string;
      const rates = await deps.fx.lookup([parsed.currency, scope.currency], today, today);
      const found = rates.rate(parsed.currency, scope.currency, today);
      if (!found)
        throw new UserError(
          "log.no_fx_rate",
          { currency: parsed.currency, teamCurrency: scope.currency },
          TARGET_EXAMPLE,
        );
      // Stored in the scope's currency, like its facts; rounded to whole units so tiers read cleanly.
      tiers = typed.map((v) => v.mul(found.rate).toDecimalPlaces(0));
      conversion = { from: parsed.currency, typed, rateDate: found.rateDates.sort().at(0) ?? today };
    }
    const target = await deps.targets.upsert({
      workspaceId: viewer.workspaceId,
      teamId: scope.teamId,
      scopeType: scope.scopeType,
      scopeId: scope.scopeId,
      metricKey: parsed.metric.key,
      periodKind: period.kind as "week" | "month" | "quarter",
      periodStart: period.start,
      weight: parsed.weight ?? new Decimal(1),
      currency: money ? scope.currency : null,
      tiers: tiers.map((value, i) => ({ name: TIER_NAMES[i] as TierName, value })),
      createdById: viewer.id,
    });
    await deps.audit.record({
      workspaceId: viewer.workspaceId,
      actorId: viewer.id,
      action: "target.set",
      subject: `${scope.label} ${parsed.metric.key} ${period.start}`,
      allowed: true,
      detail: { tiers: tiers.map(String), weight: target.weight.toString() },
    });
    return { target, period, scope, conversion };
  }

  async function list(viewer: MemberProfile, parsed: Pick<ParsedTarget, "scope" | "periodText">) {
    const scope = parsed.scope ? await resolveScope(viewer, parsed) : null;
    const zone = scope?.team?.timezone ?? viewer.team?.timezone ?? viewer.timezone;
    const period = resolvePeriod(parsed.periodText, zone);
    if (scope?.scopeType === "member") {
      const subject = await deps.members.findById(scope.scopeId);
      if (subject) assertCanViewMember(viewer, subject);
    } else if (scope?.team && scope.scopeType === "team") {
      assertCanViewTeam(viewer, scope.team);
    }
    let found: StoredTarget[];
    if (scope) {
      found = await deps.targets.forScopes(
        viewer.workspaceId,
        [{ scopeType: scope.scopeType, scopeId: scope.scopeId }],
        [period.start],
      );
    } else if (viewer.role === "member") {
      found = await deps.targets.forScopes(
        viewer.workspaceId,
        [{ scopeType: "member", scopeId: viewer.id }],
        [period.start],
      );
    } else {
      found = await deps.targets.listForTeam(
        viewer.workspaceId,
        atLeast(viewer, "manager") ? null : (viewer.team?.id ?? "-"),
        [period.start],
      );
    }
    const targets = found.filter((t) => t.periodKind === period.kind);
    // Two lookups label every row, however many targets there are.
    const memberIds = targets.filter((t) => t.scopeType === "member").map((t) => t.scopeId);
    const [people, teams] = await Promise.all([
      deps.members.findByIds(memberIds, { activeOnly: false }),
      deps.members.listTeams(viewer.workspaceId),
    ]);
    const handles = new Map(people.map((m) => [m.id, `@${m.handle}`]));
    const slugs = new Map(teams.map((t) => [t.id, t.slug]));
    const labels = new Map(
      targets.map((t) => [
        t.id,
        t.scopeType === "member"
          ? (handles.get(t.scopeId) ?? "@?")
          : t.scopeType === "team"
            ? (slugs.get(t.scopeId) ?? "?")
            : `market ${t.scopeId}`,
      ]),
    );
    return { period, targets, labels };
  }

  async function clear(
    viewer: MemberProfile,
    parsed: ParsedTarget,
  ): Promise<{ removed: number; scope: ResolvedScope; period: Period }> {
    const scope = await resolveScope(viewer, parsed);
    assertCanChange(viewer, scope);
    const period = resolvePeriod(parsed.periodText, scope.team?.timezone ?? viewer.timezone);
    const existing = (
      await deps.targets.forScopes(
        viewer.workspaceId,
        [{ scopeType: scope.scopeType, scopeId: scope.scopeId }],
        [period.start],
      )
    ).filter((t) => t.metricKey === parsed.metric.key && t.periodKind === period.kind);
    if (existing.length === 0) {
      throw new UserError("target.nothing_to_clear", { metric: parsed.metric.key, scope: scope.label }, "/target list");
    }
    const removed = await deps.targets.remove(
      viewer.workspaceId,
      existing.map((t) => t.id),
    );
    await deps.audit.record({
      workspaceId: viewer.workspaceId,
      actorId: viewer.id,
      action: "target.clear",
      subject: `${scope.label} ${parsed.metric.key} ${period.start}`,
      allowed: true,
    });
    return { removed, scope, period };
  }

  return { set, list, clear };
}

export type TargetService = ReturnType<typeof createTargetService>;
