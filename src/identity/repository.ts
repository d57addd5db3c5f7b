// Workspaces and members as seen from a chat platform: Slack team_id / Lark tenant_key ↔ workspace, Slack user id /
// Lark open_id ↔ member, and the pending link requests an admin confirms.
import type { PrismaClient } from "../db/client.js";
import type { Locale } from "../domain/i18n.js";
import { likeLiteral } from "../domain/text.js";

export type LinkPlatform = "slack" | "lark";

export interface PendingLink {
  id: string;
  workspaceId: string;
  platform: LinkPlatform;
  platformUserId: string;
  memberId: string;
  code: string;
  createdAt: Date;
}

const workspaceColumn = (platform: LinkPlatform) => (platform === "slack" ? "slackTeamId" : "larkTenantKey");
const memberColumn = (platform: LinkPlatform) => (platform === "slack" ? "slackUserId" : "larkOpenId");

export function createIdentityRepository(prisma: PrismaClient) {
  return {
    async findWorkspace(platform: LinkPlatform, externalId: string): Promise<string | null> {
      const row = await prisma.workspace.findFirst({ where: { [workspaceColumn(platform)]: externalId } });
      return row?.id ?? null;
    },
    /** Workspaces not yet bound to any account of this platform (a fresh install adopts the only one). */
    async unboundWorkspaceIds(platform: LinkPlatform): Promise<string[]> {
      const rows = await prisma.workspace.findMany({
        where: { [workspaceColumn(platform)]: null },
        select: { id: true },
        take: 2,
      });
      return rows.map((r) => r.id);
    },
    /** Binds only if still unbound, so two replicas racing on the first request agree. */
    async bindWorkspace(workspaceId: string, platform: LinkPlatform, externalId: string): Promise<boolean> {
      const result = await prisma.workspace.updateMany({
        where: { id: workspaceId, [workspaceColumn(platform)]: null },
        data: { [workspaceColumn(platform)]: externalId },
      });
      return result.count === 1;
    },
    async createWorkspace(platform: LinkPlatform, externalId: string, name: string): Promise<string> {
      const row = await prisma.workspace.upsert({
        where: platform === "slack" ? { slackTeamId: externalId } : { larkTenantKey: externalId },
        create: { name, [workspaceColumn(platform)]: externalId },
        update: {},
      });
      return row.id;
    },
    async findMemberByEmail(workspaceId: string, email: string) {
      return prisma.member.findFirst({
        // An insensitive equals is an ILIKE: a "%" or "_" in the platform's email must not match another member's.
        where: { workspaceId, active: true, email: { equals: likeLiteral(email), mode: "insensitive" } },
        select: { id: true, slackUserId: true, larkOpenId: true },
      });
    },
    async findMemberByHandle(workspaceId: string, handle: string) {
      return prisma.member.findFirst({
        where: { workspaceId, active: true, handle },
        select: { id: true, handle: true, displayName: true, slackUserId: true, larkOpenId: true },
      });
    },
    /** Sets the member's platform id if it is still free; false when someone else holds it. */
    async attach(memberId: string, platform: LinkPlatform, userId: string): Promise<boolean> {
      const result = await prisma.member.updateMany({
        where: { id: memberId, [memberColumn(platform)]: null },
        data: { [memberColumn(platform)]: userId },
      });
      return result.count === 1;
    },
    async countMembers(workspaceId: string): Promise<number> {
      return prisma.member.count({ where: { workspaceId } });
    },
    async handleExists(workspaceId: string, handle: string): Promise<boolean> {
      return (await prisma.member.count({ where: { workspaceId, handle } })) > 0;
    },
    async createAdmin(input: {
      workspaceId: string;
      platform: LinkPlatform;
      userId: string;
      handle: string;
      displayName: string;
      email?: string;
      language: Locale;
      timezone?: string;
    }): Promise<string> {
      const row = await prisma.member.create({
        data: {
          workspaceId: input.workspaceId,
          handle: input.handle,
          displayName: input.displayName,
          email: input.email,
          role: "admin",
          language: input.language,
          timezone: input.timezone,
          [memberColumn(input.platform)]: input.userId,
        },
      });
      return row.id;
    },
    async adminIds(workspaceId: string): Promise<string[]> {
      const rows = await prisma.member.findMany({
        where: { workspaceId, active: true, role: "admin" },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },
    /** One open request per chat account: asking again replaces the earlier one. */
    async saveRequest(input: Omit<PendingLink, "id" | "createdAt">): Promise<PendingLink> {
      const row = await prisma.memberLink.upsert({
        where: {
          workspaceId_platform_platformUserId: {
            workspaceId: input.workspaceId,
            platform: input.platform,
            platformUserId: input.platformUserId,
          },
        },
        create: { ...input },
        update: { memberId: input.memberId, code: input.code, confirmedAt: null, confirmedById: null },
      });
      return toPending(row);
    },
    /** Whether an open request with this code exists in any workspace (only to audit a cross-workspace try). */
    async openRequestExists(code: string): Promise<boolean> {
      return (await prisma.memberLink.count({ where: { code, confirmedAt: null } })) > 0;
    },
    async findOpenRequest(workspaceId: string, code: string): Promise<PendingLink | null> {
      const row = await prisma.memberLink.findFirst({ where: { workspaceId, code, confirmedAt: null } });
      return row ? toPending(row) : null;
    },
    async listOpenRequests(workspaceId: string): Promise<PendingLink[]> {
      const rows = await prisma.memberLink.findMany({
        where: { workspaceId, confirmedAt: null },
        orderBy: { createdAt: "asc" },
        take: 50,
      });
      return rows.map(toPending);
    },
    async markConfirmed(linkId: string, adminId: string, at: Date): Promise<void> {
      await prisma.memberLink.update({ where: { id: linkId }, data: { confirmedById: adminId, confirmedAt: at } });
    },
    async deleteRequest(linkId: string): Promise<void> {
      await prisma.memberLink.delete({ where: { id: linkId } });
    },
  };
}

function toPending(row: {
  id: string;
  workspaceId: string;
  platform: string;
  platformUserId: string;
  memberId: string | null;
  code: string;
  createdAt: Date;
}): PendingLink {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    platform: row.platform === "lark" ? "lark" : "slack",
    platformUserId: row.platformUserId,
    memberId: row.memberId ?? "",
    code: row.code,
    createdAt: row.createdAt,
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
