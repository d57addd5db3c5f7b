// Creators, their stage history, contacts and notes. Returns plain objects; the service decides what they mean.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import { isUniqueViolation } from "../db/unique-violation.js";
import type { CreatorPlatform } from "../domain/creator-handles.js";
import type { Tier } from "../domain/creator-tiers.js";
import type { Stage } from "../domain/pipeline.js";
import { likeLiteral } from "../domain/text.js";
import { Prisma } from "../generated/prisma/client.js";

export interface CreatorRecord {
  id: string;
  workspaceId: string;
  teamId: string | null;
  platform: string;
  handle: string;
  displayHandle: string;
  market: string | null;
  followers: number | null;
  category: string | null;
  ownerId: string | null;
  ownerHandle: string | null;
  stage: Stage;
  tier: Tier | null;
  stageChangedAt: Date;
  nextFollowUpAt: Date | null;
  createdAt: Date;
}

export interface StageEntry {
  creatorId: string;
  fromStage: Stage | null;
  toStage: Stage;
  changedAt: Date;
  changedById: string | null;
}

/**
 * A creator as found inside a workspace (by `find`, which takes the workspace): what every method that changes or
 * reads one creator's rows takes, so a bare id from a button or a typo'd lookup cannot reach another workspace's.
 */
export type FoundCreator = Pick<CreatorRecord, "id" | "workspaceId">;

const own = (creator: FoundCreator) => ({ id: creator.id, workspaceId: creator.workspaceId });

/** Whose creators: one owner's, one team's, or a whole workspace's. */
export type CreatorScope = { ownerId: string } | { teamId: string } | { workspaceId: string };

const include = { owner: { select: { handle: true } } } as const;

type Row = Prisma.CreatorGetPayload<{ include: typeof include }>;

function toRecord(row: Row): CreatorRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    teamId: row.teamId,
    platform: row.platform,
    handle: row.handle,
    displayHandle: row.displayHandle,
    market: row.market,
    followers: row.followers,
    category: row.category,
    ownerId: row.ownerId,
    ownerHandle: row.owner?.handle ?? null,
    stage: row.stage,
    tier: row.tier,
    stageChangedAt: row.stageChangedAt,
    nextFollowUpAt: row.nextFollowUpAt,
    createdAt: row.createdAt,
  };
}

const where = (scope: CreatorScope) =>
  "ownerId" in scope
    ? { ownerId: scope.ownerId }
    : "teamId" in scope
      ? { teamId: scope.teamId }
      : { workspaceId: scope.workspaceId };

export function createCreatorRepository(prisma: PrismaClient) {
  return {
    async find(workspaceId: string, platform: CreatorPlatform, handle: string): Promise<CreatorRecord | null> {
      const row = await prisma.creator.findUnique({
        where: { workspaceId_platform_handle: { workspaceId, platform, handle } },
        include,
      });
      return row ? toRecord(row) : null;
    },

    /** Creates the creator with its first stage entry; returns null when it already exists (one record each). */
    async create(input: {
      workspaceId: string;
      teamId: string | null;
      platform: CreatorPlatform;
      handle: string;
      displayHandle: string;
      market: string | null;
      followers: number | null;
      category: string | null;
      ownerId: string;
      at: Date;
      nextFollowUpAt: Date | null;
    }): Promise<CreatorRecord | null> {
      try {
        const row = await prisma.creator.create({
          data: {
            workspaceId: input.workspaceId,
            teamId: input.teamId,
            platform: input.platform,
            handle: input.handle,
            displayHandle: input.displayHandle,
            market: input.market,
            followers: input.followers,
            category: input.category,
            ownerId: input.ownerId,
            stage: "prospect",
            stageChangedAt: input.at,
            nextFollowUpAt: input.nextFollowUpAt,
            createdAt: input.at,
            stageChanges: { create: { toStage: "prospect", changedById: input.ownerId, changedAt: input.at } },
          },
          include,
        });
        return toRecord(row);
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    async search(workspaceId: string, text: string, limit = 10): Promise<CreatorRecord[]> {
      const rows = await prisma.creator.findMany({
        where: {
          workspaceId,
          OR: [
            // contains is a LIKE: "%" or "_" typed in a search match themselves, and a "\\" does not fail it.
            { handle: { contains: likeLiteral(text.toLowerCase()) } },
            { category: { contains: likeLiteral(text), mode: "insensitive" } },
            { market: { equals: text.toUpperCase() } },
          ],
        },
        include,
        orderBy: [{ tier: "asc" }, { handle: "asc" }],
        take: limit,
      });
      return rows.map(toRecord);
    },

    /** Moves a creator to a stage and records who and when, in one transaction. */
    async changeStage(input: {
      creator: FoundCreator;
      from: Stage;
      to: Stage;
      byId: string;
      at: Date;
      note: string | null;
      nextFollowUpAt: Date | null;
    }): Promise<void> {
      await prisma.$transaction([
        prisma.creator.update({
          where: own(input.creator),
          data: { stage: input.to, stageChangedAt: input.at, nextFollowUpAt: input.nextFollowUpAt },
        }),
        prisma.creatorStageChange.create({
          data: {
            creator: { connect: own(input.creator) },
            fromStage: input.from,
            toStage: input.to,
            changedBy: { connect: { id: input.byId } },
            changedAt: input.at,
            note: input.note,
          },
        }),
      ]);
    },

    async addNote(creator: FoundCreator, memberId: string, text: string, at: Date): Promise<void> {
      await prisma.creatorNote.create({
        data: { creator: { connect: own(creator) }, member: { connect: { id: memberId } }, text, createdAt: at },
      });
    },

    async addContact(input: {
      creator: FoundCreator;
      memberId: string;
      channel: string;
      outcome: string;
      note: string | null;
      at: Date;
    }): Promise<void> {
      await prisma.creatorContact.create({
        data: {
          creator: { connect: own(input.creator) },
          member: { connect: { id: input.memberId } },
          channel: input.channel,
          outcome: input.outcome,
          note: input.note,
          contactedAt: input.at,
        },
      });
    },

    async setFollowUp(creator: FoundCreator, at: Date | null): Promise<void> {
      await prisma.creator.update({ where: own(creator), data: { nextFollowUpAt: at } });
    },

    async assign(creator: FoundCreator, ownerId: string, teamId: string | null): Promise<void> {
      await prisma.creator.update({ where: own(creator), data: { ownerId, teamId } });
    },

    async history(creator: FoundCreator) {
      const creatorId = creator.id;
      const inWorkspace = { workspaceId: creator.workspaceId };
      const [changes, contacts, notes] = await Promise.all([
        prisma.creatorStageChange.findMany({
          where: { creatorId, creator: inWorkspace },
          orderBy: { changedAt: "desc" },
          take: 8,
          include: { changedBy: { select: { handle: true } } },
        }),
        prisma.creatorContact.findMany({
          where: { creatorId, creator: inWorkspace },
          orderBy: { contactedAt: "desc" },
          take: 5,
          include: { member: { select: { handle: true } } },
        }),
        prisma.creatorNote.findMany({
          where: { creatorId, creator: inWorkspace },
          orderBy: { createdAt: "desc" },
          take: 3,
          include: { member: { select: { handle: true } } },
        }),
      ]);
      return {
        changes: changes.map((c) => ({ ...c, by: c.changedBy?.handle ?? null })),
        contacts: contacts.map((c) => ({ ...c, by: c.member?.handle ?? null })),
        notes: notes.map((n) => ({ ...n, by: n.member?.handle ?? null })),
      };
    },

    async stageCounts(scope: CreatorScope): Promise<Map<Stage, number>> {
      const rows = await prisma.creator.groupBy({ by: ["stage"], where: where(scope), _count: { _all: true } });
      return new Map(rows.map((r) => [r.stage, r._count._all]));
    },

    /** Every stage entry of the creators in scope (for funnel rates and days between stages). */
    async stageEntries(scope: CreatorScope): Promise<StageEntry[]> {
      return prisma.creatorStageChange.findMany({
        where: { creator: where(scope) },
        select: { creatorId: true, fromStage: true, toStage: true, changedAt: true, changedById: true },
        orderBy: { changedAt: "asc" },
      });
    },

    /** Creators at a stage since before `before` (samples shipped a week ago and still no video). */
    async stuckAt(scope: CreatorScope, stage: Stage, before: Date): Promise<CreatorRecord[]> {
      const rows = await prisma.creator.findMany({
        where: { ...where(scope), stage, stageChangedAt: { lt: before } },
        include,
        orderBy: { stageChangedAt: "asc" },
      });
      return rows.map(toRecord);
    },

    async dueFollowUps(scope: CreatorScope, until: Date): Promise<CreatorRecord[]> {
      const rows = await prisma.creator.findMany({
        where: { ...where(scope), nextFollowUpAt: { lte: until } },
        include,
        orderBy: { nextFollowUpAt: "asc" },
        take: 50,
      });
      return rows.map(toRecord);
    },

    /** Everyone who owns a creator with a follow-up date: the morning reminder's possible recipients. */
    async ownersWithFollowUps(): Promise<string[]> {
      const rows = await prisma.creator.findMany({
        where: { nextFollowUpAt: { not: null }, ownerId: { not: null } },
        select: { ownerId: true },
        distinct: ["ownerId"],
      });
      return rows.map((r) => r.ownerId as string);
    },

    /** Outreach per member in a period: contacts made, and stage entries they recorded. */
    async outreachByMember(memberIds: string[], from: Date, to: Date) {
      if (memberIds.length === 0) return { contacts: [], entries: [] };
      const [contacts, entries] = await Promise.all([
        prisma.creatorContact.groupBy({
          by: ["memberId"],
          where: { memberId: { in: memberIds }, contactedAt: { gte: from, lt: to } },
          _count: { _all: true },
        }),
        prisma.creatorStageChange.groupBy({
          by: ["changedById", "toStage"],
          where: { changedById: { in: memberIds }, changedAt: { gte: from, lt: to } },
          _count: { _all: true },
        }),
      ]);
      return {
        contacts: contacts.map((c) => ({ memberId: c.memberId as string, count: c._count._all })),
        entries: entries.map((e) => ({ memberId: e.changedById as string, stage: e.toStage, count: e._count._all })),
      };
    },

    /** Sums of creator-scoped facts per creator and metric over local dates [from, to]. */
    async performance(creatorIds: string[], metricKeys: string[], from: string, to: string) {
      if (creatorIds.length === 0) return new Map<string, Map<string, Decimal>>();
      const rows = await prisma.$queryRaw<{ creator_id: string; metric_key: string; total: unknown }[]>`
        SELECT "creatorId" AS creator_id, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "scopeType" = 'creator' AND "creatorId" IN (${Prisma.join(creatorIds)})
          AND "metricKey" IN (${Prisma.join(metricKeys)})
          AND date BETWEEN ${new Date(`${from}T00:00:00Z`)}::date AND ${new Date(`${to}T00:00:00Z`)}::date
        GROUP BY "creatorId", "metricKey"`;
      const result = new Map<string, Map<string, Decimal>>();
      for (const row of rows) {
        const metrics = result.get(row.creator_id) ?? new Map<string, Decimal>();
        metrics.set(row.metric_key, new Decimal(String(row.total ?? 0)));
        result.set(row.creator_id, metrics);
      }
      return result;
    },

    async listForTiering(teamId: string): Promise<CreatorRecord[]> {
      const rows = await prisma.creator.findMany({ where: { teamId }, include });
      return rows.map(toRecord);
    },

    async setTier(creatorId: string, tier: Tier | null): Promise<void> {
      await prisma.creator.update({ where: { id: creatorId }, data: { tier } });
    },

    async tierConfig(teamId: string): Promise<unknown> {
      return (await prisma.team.findUnique({ where: { id: teamId }, select: { creatorTierConfig: true } }))
        ?.creatorTierConfig;
    },

    async saveTierConfig(teamId: string, config: object): Promise<void> {
      await prisma.team.update({ where: { id: teamId }, data: { creatorTierConfig: config as Prisma.InputJsonValue } });
    },
  };
}

export type CreatorRepository = ReturnType<typeof createCreatorRepository>;
