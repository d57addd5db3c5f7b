// The audit log: who did what, and who was refused what and why.
import type { PrismaClient } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";

export interface AuditEntry {
  workspaceId: string;
  actorId: string | null;
  action: string;
  subject?: string;
  allowed: boolean;
  detail?: Record<string, unknown>;
}

export function createAuditLog(prisma: PrismaClient) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await prisma.auditLog.create({
        data: {
          workspaceId: entry.workspaceId,
          actorId: entry.actorId,
          action: entry.action,
          subject: entry.subject,
          allowed: entry.allowed,
          detail: entry.detail as Prisma.InputJsonValue | undefined,
        },
      });
    },
    async recent(workspaceId: string, limit = 50) {
      return prisma.auditLog.findMany({ where: { workspaceId }, orderBy: { at: "desc" }, take: limit });
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
