// Targets and their tiers. Plain objects out, Decimal (decimal.js) for every amount.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import type { TierName } from "../domain/targets.js";
import { Prisma } from "../generated/prisma/client.js";

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
    /**
     * Targets of these scopes whose period starts on one of `periodStarts` (the periods containing today). Read on
     * every /kpi and /kpi team: one statement with the tiers folded in, not a query per relation.
     */
    async forScopes(
      workspaceId: string,
      scopes: { scopeType: TargetScope; scopeId: string }[],
      periodStarts: string[],
    ): Promise<StoredTarget[]> {
      if (scopes.length === 0 || periodStarts.length === 0) return [];
      const rows = await prisma.$queryRaw<
        {
          id: string;
          scope_type: string;
          scope_id: string;
          team_id: string | null;
          metric_key: string;
          period_kind: TargetPeriodKind;
          period_start: string;
          weight: string;
          currency: string | null;
          tiers: string | null;
        }[]
      >`
        SELECT t.id, t."scopeType" AS scope_type, t."scopeId" AS scope_id, t."teamId" AS team_id,
               t."metricKey" AS metric_key, t."periodKind"::text AS period_kind,
               to_char(t."periodStart", 'YYYY-MM-DD') AS period_start, t.weight::text AS weight, t.currency,
               string_agg(tt.rank::text || ':' || tt.value::text, ' ' ORDER BY tt.rank) AS tiers
        FROM "Target" t LEFT JOIN "TargetTier" tt ON tt."targetId" = t.id
        WHERE t."workspaceId" = ${workspaceId}
          AND (t."scopeType", t."scopeId") IN (${Prisma.join(scopes.map((x) => Prisma.sql`(${x.scopeType}, ${x.scopeId})`))})
          AND t."periodStart" IN (${Prisma.join(periodStarts.map((d) => Prisma.sql`${asDate(d)}::date`))})
        GROUP BY t.id
        ORDER BY t.weight DESC, t."metricKey" ASC, t.id`;
      return rows.map((r) => ({
        id: r.id,
        scopeType: r.scope_type as TargetScope,
        scopeId: r.scope_id,
        teamId: r.team_id,
        metricKey: r.metric_key,
        periodKind: r.period_kind,
        periodStart: r.period_start,
        weight: new Decimal(r.weight),
        currency: r.currency,
        // "1:40000.000000 2:50000.000000": rank and exact value of each tier, by rank.
        tiers: (r.tiers ? r.tiers.split(" ") : []).map((tier) => {
          const [rank, value] = tier.split(":") as [string, string];
          return { name: (TIER_NAMES[Number(rank) - 1] ?? "base") as TierName, value: new Decimal(value) };
        }),
      }));
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
