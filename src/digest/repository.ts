// The few reads a morning digest needs beyond facts and targets, batched for every team at once: creator stage
// entries in a time range, and alerts still open.
import type { PrismaClient } from "../db/client.js";
import type { Stage } from "../domain/pipeline.js";

export interface OpenAlert {
  teamId: string;
  metricKey: string;
  severity: string;
  firstDate: string;
  scopeId: string;
}

export function createDigestRepository(prisma: PrismaClient) {
  return {
    /** Creator stage entries of these teams in [from, to): each with its team and instant. */
    async stageEntries(teamIds: string[], from: Date, to: Date) {
      if (teamIds.length === 0) return [];
      const rows = await prisma.creatorStageChange.findMany({
        where: { changedAt: { gte: from, lt: to }, creator: { teamId: { in: teamIds } } },
        select: { toStage: true, changedAt: true, creator: { select: { teamId: true } } },
      });
      return rows.map((r) => ({ teamId: r.creator.teamId as string, stage: r.toStage as Stage, at: r.changedAt }));
    },

    async openAlerts(teamIds: string[]): Promise<OpenAlert[]> {
      if (teamIds.length === 0) return [];
      const rows = await prisma.alertEvent.findMany({
        where: { teamId: { in: teamIds }, status: "open" },
        select: { teamId: true, metricKey: true, severity: true, firstDate: true, scopeId: true },
        orderBy: { firstDate: "desc" },
        take: 200,
      });
      return rows.map((r) => ({ ...r, firstDate: r.firstDate.toISOString().slice(0, 10) }));
    },
  };
}

export type DigestRepository = ReturnType<typeof createDigestRepository>;
