// The audit log: who did what, and who was refused what and why.
import type { PrismaClient } from "../db/client.js";
import { cleanJson, cleanText } from "../domain/text.js";
import type { Prisma } from "../generated/prisma/client.js";

/** A subject is a reminder of what was asked, not a copy of it: a 50 MB command must not become a 50 MB row. */
const MAX_SUBJECT_CHARS = 200;

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
          // The last line of defence: whatever a caller passes, NUL and other control characters never reach the
          // row (PostgreSQL refuses NUL, and the write of a denial would fail with it). Cut first, then cleaned, so
          // a cut through an emoji leaves no half of it behind.
          action: cleanText(entry.action.slice(0, MAX_SUBJECT_CHARS)),
          subject: entry.subject === undefined ? undefined : cleanText(entry.subject.slice(0, MAX_SUBJECT_CHARS)),
          allowed: entry.allowed,
          detail: entry.detail === undefined ? undefined : (cleanJson(entry.detail) as Prisma.InputJsonValue),
        },
      });
    },
    async recent(workspaceId: string, limit = 50) {
      return prisma.auditLog.findMany({ where: { workspaceId }, orderBy: { at: "desc" }, take: limit });
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
