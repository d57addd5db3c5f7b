// Who is typing: maps a chat account to a member. On first use a Slack or Lark user is matched by email (when the
// platform shares it); the very first person in an empty workspace becomes its admin; anyone else asks with
// "/kpi link @handle" and an admin confirms. The same flow serves Slack and Lark. Only tenants (Slack team ids, Lark
// tenant keys) that the platform's gate admits get a workspace at all: a stranger's event binds nothing and makes
// nobody admin, whatever it says.
import { randomInt } from "node:crypto";
import type { DateTime } from "luxon";
import type { AuditEntry } from "../audit/repository.js";
import type { OutgoingMessage } from "../chat/message.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import type { Locale } from "../domain/i18n.js";
import { atLeast } from "../domain/permissions.js";
import { type AccountColumn, type MemberRepository, normalizeHandle } from "../members/repository.js";
import type { MemberProfile } from "../members/types.js";
import type { IdentityRepository, LinkPlatform, PendingLink } from "./repository.js";

/** What a platform tells us about a user (Slack users.info, Lark contact API); every part may be missing. */
export interface PlatformProfile {
  email?: string;
  displayName?: string;
  handle?: string;
  locale?: Locale;
  timezone?: string;
}

export interface IdentityDeps {
  repo: IdentityRepository;
  members: MemberRepository;
  audit: { record(entry: AuditEntry): Promise<void> };
  clock: () => DateTime;
  /** Sends a direct message on whichever platform reaches the member (admins, a newly linked member). */
  notify(member: MemberProfile, message: (locale: Locale) => OutgoingMessage): Promise<void>;
  /** Builds the admin's "confirm this link?" message; kept outside so the service stays free of wording. */
  linkRequestMessage(request: LinkRequestView, locale: Locale): OutgoingMessage;
  welcomeMessage(member: MemberProfile, locale: Locale): OutgoingMessage;
}

export interface LinkRequestView {
  code: string;
  platform: LinkPlatform;
  userLabel: string;
  handle: string;
  displayName: string;
}

const accountColumn = (platform: LinkPlatform): AccountColumn => (platform === "slack" ? "slackUserId" : "larkOpenId");

// No 0/O or 1/I: codes are read aloud and typed.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

/**
 * Says whether a platform tenant is one Starling serves (the allow-list in the configuration, plus the Slack bot
 * token's own team). Asked on every event, before any lookup, so removing a tenant from the list takes effect at once.
 */
export type TenantGate = (externalId: string) => boolean | Promise<boolean>;

export function createIdentityService(deps: IdentityDeps) {
  const { repo, members } = deps;
  const workspaceCache = new Map<string, string>();
  // No gate, no entry: a platform whose adapter did not say whom it serves binds nothing.
  const gates = new Map<LinkPlatform, TenantGate>();

  /** The adapter of a platform says which tenants it serves (src/chat/slack-app.ts, src/chat/lark-app.ts). */
  function admitTenants(platform: LinkPlatform, gate: TenantGate): void {
    gates.set(platform, gate);
  }

  async function isAdmitted(platform: LinkPlatform, externalId: string): Promise<boolean> {
    const gate = gates.get(platform);
    return Boolean(externalId && gate && (await gate(externalId)));
  }

  /**
   * The workspace of an admitted tenant, bound on first use (a fresh install adopts its only unbound workspace).
   * Null for a tenant that is not admitted: the caller refuses the event and logs the id.
   */
  async function resolveWorkspace(platform: LinkPlatform, externalId: string, name: string): Promise<string | null> {
    if (!(await isAdmitted(platform, externalId))) return null;
    const key = `${platform}:${externalId}`;
    const cached = workspaceCache.get(key);
    if (cached) return cached;
    let id = await repo.findWorkspace(platform, externalId);
    if (!id) {
      // A fresh install with one workspace (the demo, or one set up by hand) adopts it; otherwise a new one.
      const unbound = await repo.unboundWorkspaceIds(platform);
      const only = unbound.length === 1 ? unbound[0] : undefined;
      if (only && (await repo.bindWorkspace(only, platform, externalId))) id = only;
      id ??=
        (await repo.findWorkspace(platform, externalId)) ?? (await repo.createWorkspace(platform, externalId, name));
      await deps.audit.record({
        workspaceId: id,
        actorId: null,
        action: "workspace.bind",
        subject: `${platform}:${externalId}`,
        allowed: true,
      });
    }
    workspaceCache.set(key, id);
    return id;
  }

  /**
   * The member behind a chat account, linking it on first use when that is safe. Null means unknown: the caller
   * explains how to ask for a link. `bootstrapped` is set when this person just became the workspace's first admin.
   */
  async function resolveMember(
    workspaceId: string,
    platform: LinkPlatform,
    userId: string,
    profile: () => Promise<PlatformProfile | null>,
  ): Promise<{ member: MemberProfile; bootstrapped: boolean } | null> {
    // One query on the path every command takes: the member and its team, found by the chat account.
    const known = await members.findActiveByAccount(workspaceId, accountColumn(platform), userId);
    if (known) return { member: known, bootstrapped: false };
    const seen = await profile();
    const byEmail = seen?.email ? await repo.findMemberByEmail(workspaceId, seen.email) : null;
    if (byEmail) {
      if (await repo.attach(byEmail.id, platform, userId)) {
        await deps.audit.record({
          workspaceId,
          actorId: byEmail.id,
          action: "identity.link_by_email",
          subject: `${platform}:${userId}`,
          allowed: true,
        });
        const member = await members.findById(byEmail.id);
        return member ? { member, bootstrapped: false } : null;
      }
      // The member already has an account on this platform: either a command arriving at the same moment linked
      // this very account (then use it), or it is someone else's (then this user must ask for a link).
      const member = await members.findActiveByAccount(workspaceId, accountColumn(platform), userId);
      if (member) return { member, bootstrapped: false };
    }
    if ((await repo.countMembers(workspaceId)) === 0) {
      const handle = await freeHandle(workspaceId, seen?.handle ?? seen?.displayName ?? "admin");
      const id = await repo.createAdmin({
        workspaceId,
        platform,
        userId,
        handle,
        displayName: seen?.displayName ?? handle,
        email: seen?.email,
        language: seen?.locale ?? "en",
        timezone: seen?.timezone,
      });
      await deps.audit.record({ workspaceId, actorId: id, action: "identity.bootstrap_admin", allowed: true });
      const member = await members.findById(id);
      return member ? { member, bootstrapped: true } : null;
    }
    return null;
  }

  async function freeHandle(workspaceId: string, wanted: string): Promise<string> {
    const base = normalizeHandle(wanted).replace(/[^\p{L}\p{N}._-]+/gu, "") || "admin";
    for (let n = 1; ; n++) {
      const handle = n === 1 ? base : `${base}${n}`;
      if (!(await repo.handleExists(workspaceId, handle))) return handle;
    }
  }

  /** An unknown user says who they are; the admins get a message with Confirm / Reject. */
  async function requestLink(input: {
    workspaceId: string;
    platform: LinkPlatform;
    userId: string;
    userLabel: string;
    handleText: string | undefined;
  }): Promise<{ code: string; handle: string }> {
    const handle = normalizeHandle(input.handleText ?? "");
    if (!handle) throw new UserError("link.no_handle", {}, "/kpi link @sari");
    const target = await repo.findMemberByHandle(input.workspaceId, handle);
    if (!target) throw new UserError("error.unknown_member", { handle }, "/kpi link @sari");
    const taken = input.platform === "slack" ? target.slackUserId : target.larkOpenId;
    if (taken && taken !== input.userId) throw new UserError("link.handle_taken", { handle, platform: input.platform });
    const pending = await repo.saveRequest({
      workspaceId: input.workspaceId,
      platform: input.platform,
      platformUserId: input.userId,
      memberId: target.id,
      code: newCode(),
    });
    await deps.audit.record({
      workspaceId: input.workspaceId,
      actorId: null,
      action: "identity.link_request",
      subject: `${input.platform}:${input.userId} → @${handle}`,
      allowed: true,
      detail: { code: pending.code },
    });
    const view: LinkRequestView = {
      code: pending.code,
      platform: input.platform,
      userLabel: input.userLabel,
      handle,
      displayName: target.displayName,
    };
    const admins = await members.findByIds(await repo.adminIds(input.workspaceId), { activeOnly: true });
    for (const admin of admins) await deps.notify(admin, (locale) => deps.linkRequestMessage(view, locale));
    return { code: pending.code, handle };
  }

  async function openRequest(admin: MemberProfile, code: string, action: string): Promise<PendingLink> {
    if (!atLeast(admin, "admin")) throw new PermissionDenied(action, "link.admin_only");
    const wanted = code.trim().toUpperCase();
    const request = await repo.findOpenRequest(admin.workspaceId, wanted);
    if (request) return request;
    // Another workspace's code: worded exactly like an unknown one (a code says nothing about other workspaces),
    // but a PermissionDenied, so the dispatcher audits the attempt.
    if (wanted && (await repo.openRequestExists(wanted))) {
      throw new PermissionDenied(action, "link.unknown_code", { code: wanted });
    }
    throw new UserError("link.unknown_code", { code: wanted }, "/kpi link list");
  }

  async function confirm(admin: MemberProfile, code: string): Promise<{ member: MemberProfile; request: PendingLink }> {
    const request = await openRequest(admin, code, "identity.link_confirm");
    const target = await members.findById(request.memberId);
    if (!target) throw new UserError("link.unknown_code", { code: request.code }, "/kpi link list");
    if (!(await repo.attach(target.id, request.platform, request.platformUserId))) {
      throw new UserError("link.handle_taken", { handle: target.handle, platform: request.platform });
    }
    await repo.markConfirmed(request.id, admin.id, deps.clock().toJSDate());
    await deps.audit.record({
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      action: "identity.link_confirm",
      subject: `${request.platform}:${request.platformUserId} → @${target.handle}`,
      allowed: true,
    });
    const linked = (await members.findById(target.id)) ?? target;
    await deps.notify(linked, (locale) => deps.welcomeMessage(linked, locale));
    return { member: linked, request };
  }

  async function reject(admin: MemberProfile, code: string): Promise<PendingLink> {
    const request = await openRequest(admin, code, "identity.link_reject");
    await repo.deleteRequest(request.id);
    await deps.audit.record({
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      action: "identity.link_reject",
      subject: `${request.platform}:${request.platformUserId}`,
      allowed: true,
    });
    return request;
  }

  async function listOpen(admin: MemberProfile): Promise<PendingLink[]> {
    if (!atLeast(admin, "admin")) throw new PermissionDenied("identity.link_list", "link.admin_only");
    return repo.listOpenRequests(admin.workspaceId);
  }

  return { admitTenants, isAdmitted, resolveWorkspace, resolveMember, requestLink, confirm, reject, listOpen };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
