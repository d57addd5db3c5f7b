// Who may see and change what. A member sees and logs their own; a lead sees and sets targets for their
// team; managers and admins see everything. Denials carry the reason shown to the member.
import type { MemberProfile, Role } from "../members/types.js";
import { PermissionDenied } from "./errors.js";
import type { MessageKey } from "./i18n.js";

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

/**
 * A team's data freshness (which days are in, which shop is late) explains the figures its members already see:
 * every member sees their own team's, managers and admins every team's.
 */
export function canViewFreshness(viewer: MemberProfile, teamId: string): boolean {
  return atLeast(viewer, "manager") || viewer.team?.id === teamId;
}

export function assertCanViewFreshness(viewer: MemberProfile, team: { id: string; slug: string } | "all"): void {
  if (team === "all") {
    if (!atLeast(viewer, "manager")) throw new PermissionDenied("kpi.freshness", "deny.freshness_all");
    return;
  }
  if (!canViewFreshness(viewer, team.id)) {
    throw new PermissionDenied("kpi.freshness", "deny.freshness_team", { team: team.slug });
  }
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

/** Who a creator belongs to, as far as permissions go. */
export interface CreatorOwnership {
  workspaceId: string;
  ownerId: string | null;
  teamId: string | null;
  displayHandle: string;
}

/**
 * Changing a creator (stage, contact, note, owner) is for its owner, a lead of its team, and managers: a member of
 * another team must not move, annotate or steal a creator their colleagues are working with.
 */
export function canChangeCreator(viewer: MemberProfile, creator: CreatorOwnership): boolean {
  if (viewer.workspaceId !== creator.workspaceId) return false;
  if (creator.ownerId === viewer.id || atLeast(viewer, "manager")) return true;
  return viewer.role === "lead" && viewer.team !== null && viewer.team.id === creator.teamId;
}

export function assertCanChangeCreator(viewer: MemberProfile, creator: CreatorOwnership, action: string): void {
  if (!canChangeCreator(viewer, creator)) {
    throw new PermissionDenied(action, "deny.creator_change", { handle: creator.displayHandle });
  }
}

/**
 * A creator's card (history, contacts, notes, GMV) is for its team, its owner and managers; a creator no team has
 * taken yet is the whole workspace's. Finding a creator by handle stays open to everyone, so two teams never
 * court the same creator without knowing.
 */
export function canViewCreator(viewer: MemberProfile, creator: CreatorOwnership): boolean {
  if (viewer.workspaceId !== creator.workspaceId) return false;
  if (creator.teamId === null || canChangeCreator(viewer, creator)) return true;
  return viewer.team !== null && viewer.team.id === creator.teamId;
}

export function assertCanViewCreator(viewer: MemberProfile, creator: CreatorOwnership): void {
  if (!canViewCreator(viewer, creator)) {
    throw new PermissionDenied("creator.show", "deny.creator_view", { handle: creator.displayHandle });
  }
}

/** An alert is handled (acknowledged, snoozed, assigned) by its team and by managers of its workspace. */
export function canHandleAlert(viewer: MemberProfile, alert: { workspaceId: string; teamId: string }): boolean {
  if (viewer.workspaceId !== alert.workspaceId) return false;
  return atLeast(viewer, "manager") || viewer.team?.id === alert.teamId;
}

export function assertCanHandleAlert(viewer: MemberProfile, alert: { workspaceId: string; teamId: string }): void {
  if (!canHandleAlert(viewer, alert)) throw new PermissionDenied("alert.handle", "deny.alert_handle");
}

/**
 * Commands that show or take a secret (an ingest token, a shop's access token) work only in a one-to-one chat:
 * in a channel or group chat the others would read it. The refusal changes nothing.
 */
export function assertDirectConversation(
  conversation: "direct" | "group",
  action: string,
  reason: MessageKey = "error.secret_in_group",
): void {
  if (conversation !== "direct") throw new PermissionDenied(action, reason);
}
