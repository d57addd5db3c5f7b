// The ingest API's tables: IngestRequest (one answer per workspace and Idempotency-Key), the facts it writes and the
// SourceDay rows of the feeds it touched. One transaction holds them all, so a stored answer always means its facts
// and its declared days are in, and neither ever lands without the other.
import type { PrismaClient } from "../db/client.js";
import { recordFeedDays } from "../freshness/repository.js";
import { Prisma } from "../generated/prisma/client.js";
import type { FactToWrite } from "./convert.js";
import { daysToDeclare, type FeedToRecord } from "./declarations.js";
import type { ShopRef } from "./directory.js";

export interface StoredAnswer {
  bodyHash: string;
  status: number;
  response: unknown;
  createdAt: Date;
}

export interface WriteCounts {
  created: number;
  updated: number;
}

/** A feed as written: the days this request marked complete (empty when they already were, or none declared). */
export interface WrittenFeed {
  feed: FeedToRecord;
  completeDays: string[];
}

/** Facts go in statements of this many rows: the arrays are single parameters, so this only bounds memory. */
const BATCH = 2000;

// Every column travels as a text array and is cast by PostgreSQL, so decimals and dates arrive exactly.
const COLUMNS = [
  ["workspaceId", "text"],
  ["teamId", "text"],
  ["date", "date"],
  ["metricKey", "text"],
  ["scopeType", '"ScopeType"'],
  ["scopeId", "text"],
  ["memberId", "text"],
  ["shopId", "text"],
  ["contentType", '"ContentType"'],
  ["traffic", '"TrafficSource"'],
  ["productId", "text"],
  ["value", "numeric"],
  ["originalCurrency", "text"],
  ["originalAmount", "numeric"],
  ["fxRateDate", "date"],
] as const;
type Column = (typeof COLUMNS)[number][0];

const cell: Record<Column, (f: FactToWrite) => string | null> = {
  workspaceId: (f) => f.workspaceId,
  teamId: (f) => f.team.id,
  date: (f) => f.date,
  metricKey: (f) => f.metricKey,
  scopeType: (f) => f.scopeType,
  scopeId: (f) => f.scopeId,
  memberId: (f) => f.memberId,
  shopId: (f) => f.shopId,
  contentType: (f) => f.contentType,
  traffic: (f) => f.traffic,
  productId: (f) => f.productId,
  value: (f) => f.value,
  originalCurrency: (f) => f.originalCurrency,
  originalAmount: (f) => f.originalAmount,
  fxRateDate: (f) => f.fxRateDate,
};

const columnList = Prisma.raw(COLUMNS.map(([c]) => `"${c}"`).join(", "));

type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Upserts on the natural key: the same day, metric and scope sent again replaces the value, it never adds. */
async function upsertFacts(tx: Tx, facts: FactToWrite[]): Promise<WriteCounts> {
  let created = 0;
  let updated = 0;
  for (let start = 0; start < facts.length; start += BATCH) {
    const batch = facts.slice(start, start + BATCH);
    const arrays = Prisma.join(
      COLUMNS.map(([column, type]) => Prisma.sql`${batch.map(cell[column])}::text[]::${Prisma.raw(type)}[]`),
    );
    const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO "Fact" (${columnList}, source, "updatedAt")
      SELECT *, 'ingest', now() FROM unnest(${arrays})
      ON CONFLICT ("teamId", date, "metricKey", "scopeType", "scopeId", "contentType", traffic, "productId", source)
      DO UPDATE SET value = EXCLUDED.value, "originalCurrency" = EXCLUDED."originalCurrency",
        "originalAmount" = EXCLUDED."originalAmount", "fxRateDate" = EXCLUDED."fxRateDate", "updatedAt" = now()
      RETURNING (xmax = 0) AS inserted`;
    const inserted = rows.filter((r) => r.inserted).length;
    created += inserted;
    updated += rows.length - inserted;
  }
  return { created, updated };
}

/** The feed's last day declared complete so far, read inside the write so two declarations never skip a day. */
async function previousCompleteDay(tx: Tx, feed: FeedToRecord): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ day: string | null }[]>`
    SELECT max(date)::text AS day FROM "SourceDay"
    WHERE "teamId" = ${feed.team.id} AND "shopId" = ${feed.shop?.id ?? ""} AND source = 'ingest' AND complete`;
  return row?.day ?? null;
}

/** SourceDay rows (source "ingest") for every feed: the days with facts, and the days declared complete. */
async function recordFeeds(tx: Tx, workspaceId: string, feeds: FeedToRecord[], at: Date): Promise<WrittenFeed[]> {
  const written: WrittenFeed[] = [];
  for (const feed of feeds) {
    const completeDays = feed.through === null ? [] : daysToDeclare(await previousCompleteDay(tx, feed), feed.through);
    await recordFeedDays(
      tx,
      {
        workspaceId,
        teamId: feed.team.id,
        shopId: feed.shop?.id ?? null,
        source: "ingest",
        dataDays: feed.dataDays,
        completeDays,
      },
      at,
    );
    written.push({ feed, completeDays });
  }
  return written;
}

export function createIngestRepository(prisma: PrismaClient) {
  return {
    async shops(workspaceId: string): Promise<ShopRef[]> {
      return prisma.shop.findMany({
        where: { workspaceId },
        select: { id: true, teamId: true, name: true, externalId: true, timezone: true },
      });
    },

    async findAnswer(workspaceId: string, key: string): Promise<StoredAnswer | null> {
      return prisma.ingestRequest.findUnique({
        where: { workspaceId_key: { workspaceId, key } },
        select: { bodyHash: true, status: true, response: true, createdAt: true },
      });
    },

    /**
     * Claims the key and writes the facts and the answer, all in one transaction. Returns null when the key was
     * taken by another request: the claim is an insert on the primary key, so of two concurrent requests with one
     * key the second waits for the first and then finds the key taken, and writes nothing.
     */
    async write(input: {
      workspaceId: string;
      key: string;
      bodyHash: string;
      facts: FactToWrite[];
      /** The feeds the facts touched and the feeds declared complete. */
      feeds: FeedToRecord[];
      at: Date;
      answer(counts: WriteCounts, feeds: WrittenFeed[]): unknown;
    }): Promise<{ response: unknown } | null> {
      return prisma.$transaction(
        async (tx) => {
          const claimed = await tx.ingestRequest.createMany({
            data: [
              { workspaceId: input.workspaceId, key: input.key, bodyHash: input.bodyHash, status: 200, response: {} },
            ],
            skipDuplicates: true,
          });
          if (claimed.count === 0) return null;
          const counts = await upsertFacts(tx, input.facts);
          const feeds = await recordFeeds(tx, input.workspaceId, input.feeds, input.at);
          const response = input.answer(counts, feeds);
          await tx.ingestRequest.update({
            where: { workspaceId_key: { workspaceId: input.workspaceId, key: input.key } },
            data: { response: response as Prisma.InputJsonValue },
          });
          return { response };
        },
        // 10,000 facts on the embedded database take a few seconds: far more than Prisma's 5 s default allows.
        { timeout: 120_000, maxWait: 30_000 },
      );
    },
  };
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;
