// Targets and their tiers. Plain objects out, Decimal (decimal.js) for every amount.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import type { TierName } from "../domain/targets.js";

export type TargetScope = "member" | "team" | "market";
export type TargetPeriodKind = "week" | "month" | "quarter";

export interface StoredTarget {
  id: string;
  scopeType: TargetScope;
  scopeId: string;
  teamId: string | null;
  metricKey: string;
  periodKind: TargetPeriodKind;
  periodStart: string;
  weight: Decimal;
  currency: string | null;
  tiers: { name: TierName; value: Decimal }[];
}

export interface TargetInput {
  workspaceId: string;
  teamId: string | null;
  scopeType: TargetScope;
  scopeId: string;
  metricKey: string;
  periodKind: TargetPeriodKind;
  periodStart: string;
  weight: Decimal;
  currency: string | null;
  tiers: { name: TierName; value: Decimal }[];
  createdById: string;
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const TIER_NAMES: TierName[] = ["base", "stretch", "challenge"];

type Row = Awaited<ReturnType<PrismaClient["target"]["findMany"]>>[number] & {
  tiers: { rank: number; name: string; value: { toString(): string } }[];
};

function toStored(row: Row): StoredTarget {
  return {
    id: row.id,
    scopeType: row.scopeType as TargetScope,
    scopeId: row.scopeId,
    teamId: row.teamId,
    metricKey: row.metricKey,
    periodKind: row.periodKind,
    periodStart: row.periodStart.toISOString().slice(0, 10),
    weight: new Decimal(row.weight.toString()),
    currency: row.currency,
    tiers: [...row.tiers]
      .sort((a, b) => a.rank - b.rank)
      .map((tier) => ({
        name: (TIER_NAMES[tier.rank - 1] ?? "base") as TierName,
        value: new Decimal(tier.value.toString()),
      })),
  };
}

export function createTargetRepository(prisma: PrismaClient) {
  return {
    /** Targets of these scopes whose period starts on one of `periodStarts` (the periods containing today). */
    async forScopes(
      workspaceId: string,
      scopes: { scopeType: TargetScope; scopeId: string }[],
      periodStarts: string[],
    ): Promise<StoredTarget[]> {
      if (scopes.length === 0) return [];
      const rows = await prisma.target.findMany({
        where: {
          workspaceId,
          OR: scopes.map((s) => ({ scopeType: s.scopeType, scopeId: s.scopeId })),
          periodStart: { in: periodStarts.map(asDate) },
        },
        include: { tiers: true },
        orderBy: [{ weight: "desc" }, { metricKey: "asc" }],
      });
      return rows.map(toStored);
    },

    async listForTeam(workspaceId: string, teamId: string | null, periodStarts: string[]): Promise<StoredTarget[]> {
      const rows = await prisma.target.findMany({
        where: { workspaceId, ...(teamId ? { teamId } : {}), periodStart: { in: periodStarts.map(asDate) } },
        include: { tiers: true },
        orderBy: [{ scopeType: "asc" }, { scopeId: "asc" }, { metricKey: "asc" }],
      });
      return rows.map(toStored);
    },

    /** Creates or replaces the target of (scope, metric, period); tiers are replaced as a whole. */
    async upsert(input: TargetInput): Promise<StoredTarget> {
      return prisma.$transaction(async (tx) => {
        const key = {
          workspaceId: input.workspaceId,
          scopeType: input.scopeType,
          scopeId: input.scopeId,
          metricKey: input.metricKey,
          periodKind: input.periodKind,
          periodStart: asDate(input.periodStart),
        };
        const target = await tx.target.upsert({
          where: { workspaceId_scopeType_scopeId_metricKey_periodKind_periodStart: key },
          create: {
            ...key,
            teamId: input.teamId,
            weight: input.weight.toString(),
            currency: input.currency,
            createdById: input.createdById,
          },
          update: { teamId: input.teamId, weight: input.weight.toString(), currency: input.currency },
        });
        await tx.targetTier.deleteMany({ where: { targetId: target.id } });
        await tx.targetTier.createMany({
          data: input.tiers.map((tier, i) => ({
            targetId: target.id,
            rank: i + 1,
            name: tier.name,
            value: tier.value.toString(),
          })),
        });
        const row = await tx.target.findUniqueOrThrow({ where: { id: target.id }, include: { tiers: true } });
        return toStored(row);
      });
    },

    async remove(workspaceId: string, ids: string[]): Promise<number> {
      const result = await prisma.target.deleteMany({ where: { workspaceId, id: { in: ids } } });
      return result.count;
    },
  };
}

export type TargetRepository = ReturnType<typeof createTargetRepository>;
