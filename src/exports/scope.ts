// Whose rows a chat export may hold. A member exports their own member-scoped rows only; a lead their team (or one
// of its members); managers and admins anything, "all" included. A refusal says why (the dispatcher audits it).
import { PermissionDenied, UserError } from "../domain/errors.js";
import { atLeast, canViewMember, canViewTeam } from "../domain/permissions.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile } from "../members/types.js";
import type { ScopeRef } from "./grammar.js";
import type { ExportScope } from "./types.js";

export const EXPORT_EXAMPLES = {
  facts: "/export facts 2026-10 team ID-beauty",
  mine: "/export facts last month",
  member: "/export logs 2026-10 @sari",
  creators: "/export creators team ID-beauty",
} as const;

/** The scope, and the zone whose calendar reads words like "last month" for it. */
export interface ResolvedScope {
  scope: ExportScope;
  zone: string;
}

const memberScope = (m: MemberProfile): ResolvedScope => ({
  scope: { kind: "member", workspaceId: m.workspaceId, memberId: m.id, handle: m.handle },
  zone: m.timezone,
});

export async function resolveChatScope(
  viewer: MemberProfile,
  ref: ScopeRef,
  members: MemberRepository,
): Promise<ResolvedScope> {
  switch (ref.kind) {
    case "mine":
      // Nothing named: a member's own rows; a lead's (or a manager's) team; a manager with no team, everything.
      if (viewer.role === "member" || (viewer.role === "lead" && !viewer.team)) return memberScope(viewer);
      if (viewer.team) return resolveChatScope(viewer, { kind: "team", team: null }, members);
      return resolveChatScope(viewer, { kind: "all" }, members);
    case "member": {
      const subject = await members.findByHandle(viewer.workspaceId, ref.handle);
      if (!subject) {
        throw new UserError("error.unknown_member", { handle: ref.handle.replace(/^@/, "") }, EXPORT_EXAMPLES.member);
      }
      if (!canViewMember(viewer, subject)) {
        throw new PermissionDenied("export.member", "deny.export_member", { handle: subject.handle });
      }
      return memberScope(subject);
    }
    case "team": {
      const team = ref.team ? await members.findTeam(viewer.workspaceId, ref.team) : viewer.team;
      if (!team) {
        const teams = (await members.listTeams(viewer.workspaceId)).map((t) => t.slug).join(", ");
        throw new UserError("error.unknown_team", { team: ref.team ?? "", teams }, EXPORT_EXAMPLES.facts);
      }
      if (!canViewTeam(viewer, team.id)) {
        throw new PermissionDenied("export.team", "deny.export_team", { team: team.slug });
      }
      return {
        scope: { kind: "team", workspaceId: team.workspaceId, teamId: team.id, slug: team.slug },
        zone: team.timezone,
      };
    }
    case "all":
      if (!atLeast(viewer, "manager")) throw new PermissionDenied("export.all", "deny.export_all");
      return { scope: { kind: "workspace", workspaceId: viewer.workspaceId }, zone: viewer.timezone };
  }
}
