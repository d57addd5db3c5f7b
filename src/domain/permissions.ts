// Who may see and change what. A member sees and logs their own; a lead sees and sets targets for their
// team; managers and admins see everything. Denials carry the reason shown to the member.
import type { MemberProfile, Role } from "../members/types.js";
import { PermissionDenied } from "./errors.js";

const RANK: Record<Role, number> = { member: 0, lead: 1, manager: 2, admin: 3 };

export const atLeast = (member: Pick<MemberProfile, "role">, role: Role) => RANK[member.role] >= RANK[role];

export function canViewMember(viewer: MemberProfile, subject: MemberProfile): boolean {
  if (viewer.id === subject.id || atLeast(viewer, "manager")) return true;
  return viewer.role === "lead" && viewer.team !== null && viewer.team.id === subject.team?.id;
}

export function canViewTeam(viewer: MemberProfile, teamId: string): boolean {
  return atLeast(viewer, "manager") || (viewer.role === "lead" && viewer.team?.id === teamId);
}

export function assertCanViewMember(viewer: MemberProfile, subject: MemberProfile): void {
  if (!canViewMember(viewer, subject)) {
    throw new PermissionDenied("kpi.view_member", "deny.view_member", { handle: subject.handle });
  }
}

export function assertCanViewTeam(viewer: MemberProfile, team: { id: string; slug: string }): void {
  if (!canViewTeam(viewer, team.id)) throw new PermissionDenied("kpi.view_team", "deny.view_team", { team: team.slug });
}

/** Leaderboards and market comparisons span teams or members: leads (own team) and managers only. */
export function assertCanViewBoard(viewer: MemberProfile): void {
  if (!atLeast(viewer, "lead")) throw new PermissionDenied("kpi.board", "deny.board");
}

export function assertCanSetTarget(viewer: MemberProfile, target: { teamId: string | null; label: string }): void {
  if (atLeast(viewer, "manager")) return;
  if (viewer.role === "lead" && target.teamId !== null && viewer.team?.id === target.teamId) return;
  throw new PermissionDenied("target.set", viewer.role === "lead" ? "deny.target_other_team" : "deny.target_member", {
    subject: target.label,
  });
}
