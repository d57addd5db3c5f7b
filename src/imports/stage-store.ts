// The order lines of an import between reading and writing: streamed with COPY into the UNLOGGED "ImportStage"
// table while the file is still being read (each import under its own stage id), then merged into "OrderLine" by the
// import's one transaction with a single INSERT … SELECT, and deleted. Staged rows are scratch: nothing reads them
// but their own import, and the rows of an import that failed or was refused are deleted at once (or, after a
// crash, by the next import once they are STAGE_ABANDONED_AFTER_HOURS old).
import type { CopyFrom } from "../db/bulk-copy.js";
import type { PrismaClient } from "../db/client.js";
import type { OrderLine } from "./order-line.js";
import type { ShopTarget, Tx } from "./order-store.js";

/**
 * Staged rows older than this belong to no running import: a file is read within PARSE_TIMEOUT_MS (15 minutes) and
 * its transaction may run for 6 hours (service.ts), so 12 hours leaves room for the slowest import there may be.
 */
export const STAGE_ABANDONED_AFTER_HOURS = 12;

/** COPY's columns, in the order encodeStageRow writes them. "stagedAt" takes its default. */
const STAGE_COLUMNS = [
  "stageId",
  "seq",
  "line",
  "orderId",
  "skuId",
  "productId",
  "productName",
  "status",
  "returnType",
  "createdLocal",
  "currency",
  "quantity",
  "returnedQuantity",
  "subtotal",
  "orderAmount",
  "orderRefundAmount",
  "creatorHandle",
  "channel",
] as const;

/** CSV (PostgreSQL's dialect): an unquoted empty field is NULL, a quoted one is text, exactly as written. */
export const STAGE_COPY_SQL = `COPY "ImportStage" (${STAGE_COLUMNS.map((c) => `"${c}"`).join(", ")}) FROM STDIN WITH (FORMAT csv)`;

/**
 * A text field, always quoted: quotes doubled, so commas, quotes and line breaks inside travel as they are. NUL is
 * the one character PostgreSQL text cannot hold; the parser's cells may still carry one (an XLSX "_x0000_"), and it
 * is dropped rather than failing the whole file.
 */
function text(value: string | null): string {
  if (value === null) return "";
  let s = value;
  if (s.includes("\0")) s = s.replaceAll("\0", "");
  return s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`;
}

/** A whole number, checked: the parser hands integers, and anything else must fail here rather than be cast. */
function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

/**
 * One order line as a CSV row; `seq` is its place in the stage (lines from the API all have line 0, and the later
 * one must still win). Money is the parser's decimal string, cast to numeric by PostgreSQL (exactly: it
 * never is a float on the way); ids stay text; the time is the shop-local "2026-11-20T09:56:09".
 */
export function encodeStageRow(stageId: string, seq: number, currency: string, l: OrderLine): string {
  return `${text(stageId)},${integer(seq)},${integer(l.line)},${text(l.orderId)},${text(l.skuId)},${text(l.productId)},${text(l.productName)},${text(l.status)},${text(l.returnType)},${text(l.createdAt)},${text(l.currency ?? currency)},${integer(l.quantity)},${integer(l.returnedQuantity)},${text(l.skuSubtotalAfterDiscount)},${text(l.orderAmount)},${text(l.orderRefundAmount)},${text(l.creatorHandle)},${text(l.channel)}\n`;
}

/** Rows go to COPY in chunks of about this many characters: large enough to be cheap, small enough to be nothing. */
export const STAGE_CHUNK_CHARS = 256 * 1024;

/** Stages the encoded rows (chunks that end at a row boundary); returns how many rows were copied. */
export function copyStaged(copyFrom: CopyFrom, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  return copyFrom(STAGE_COPY_SQL, chunks);
}

/** Deletes a stage's rows (an import refused, failed or done). */
export async function dropStage(prisma: Tx, stageId: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "ImportStage" WHERE "stageId" = ${stageId}`;
}

/**
 * Deletes what is left of imports that stopped without cleaning up (a crash, a lost replica): rows older than
 * STAGE_ABANDONED_AFTER_HOURS. Run when an import starts.
 */
export async function dropAbandonedStages(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "ImportStage"
    WHERE "stagedAt" < now() - make_interval(hours => ${STAGE_ABANDONED_AFTER_HOURS}::int)`;
}

/**
 * Once an import is done with its stage: when no other import has rows there, TRUNCATE (instant, and the space
 * comes back at once, where DELETE leaves a million dead rows for vacuum; PGlite has no autovacuum at all); else
 * DELETE of its own rows. The lock is taken without waiting, so a COPY of another import is never held up.
 */
export async function releaseStage(prisma: PrismaClient, stageId: string): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`LOCK TABLE "ImportStage" IN ACCESS EXCLUSIVE MODE NOWAIT`;
      const others = await tx.$queryRaw<{ n: number }[]>`
        SELECT 1 AS n FROM "ImportStage" WHERE "stageId" <> ${stageId} LIMIT 1`;
      if (others.length === 0) await tx.$executeRaw`TRUNCATE "ImportStage"`;
      else await dropStage(tx, stageId);
    });
  } catch {
    // Another import holds the table (its COPY is running): delete only ours.
    await dropStage(prisma, stageId);
  }
}

export interface MergeResult {
  /** Distinct (order, SKU) lines written: created + updated. */
  created: number;
  updated: number;
  /** Staged lines: the file's order lines, duplicates included. */
  staged: number;
  /** Shop-local days the lines fall on, sorted. */
  dates: string[];
  /** The latest order time ("YYYY-MM-DDTHH:mm:ss", shop-local), "" without lines. */
  latestCreated: string;
}

/**
 * Upserts a stage's lines into "OrderLine" by natural key in one statement: of the same order and SKU on several
 * lines the later line wins (DISTINCT ON … line DESC), as it would have in file order. Created and updated are
 * counted by PostgreSQL (xmax = 0 on a freshly inserted row).
 */
export async function mergeStage(
  tx: Tx,
  shop: ShopTarget,
  stageId: string,
  batchId: string | null,
  source: "export" | "api",
): Promise<MergeResult> {
  // The merge sorts the stage by key, and the facts that follow group every line of the touched days: with the
  // default 4 MB per sort or hash, a big file spills to disk in many passes. 64 MB keeps a few hundred thousand
  // lines' sorts in memory and cuts the passes for more (on PostgreSQL the server's memory, for this transaction
  // only; on PGlite, memory it grows into and keeps: ~15 MB more at 200k lines in bench/import.ts).
  await tx.$executeRawUnsafe("SET LOCAL work_mem = '64MB'");
  const [counts] = await tx.$queryRaw<{ created: bigint | number; total: bigint | number }[]>`
    WITH merged AS (
      INSERT INTO "OrderLine" ("workspaceId", "teamId", "shopId", "orderId", "skuId", "productId", "productName",
        status, "returnType", "createdLocal", "localDate", currency, quantity, "returnedQuantity", subtotal,
        "orderAmount", "orderRefundAmount", "creatorHandle", channel, source, "importBatchId")
      SELECT DISTINCT ON (s."orderId", s."skuId") ${shop.workspaceId}, ${shop.teamId}, ${shop.id}, s."orderId",
        s."skuId", s."productId", s."productName", s.status, s."returnType", s."createdLocal",
        s."createdLocal"::date, s.currency, s.quantity, s."returnedQuantity", s.subtotal, s."orderAmount",
        s."orderRefundAmount", s."creatorHandle", s.channel, ${source}, ${batchId}
      FROM "ImportStage" s WHERE s."stageId" = ${stageId}
      ORDER BY s."orderId", s."skuId", s.seq DESC
      ON CONFLICT ("shopId", "orderId", "skuId") DO UPDATE SET
        "productId" = EXCLUDED."productId", "productName" = EXCLUDED."productName", status = EXCLUDED.status,
        "returnType" = EXCLUDED."returnType", "createdLocal" = EXCLUDED."createdLocal",
        "localDate" = EXCLUDED."localDate", currency = EXCLUDED.currency, quantity = EXCLUDED.quantity,
        "returnedQuantity" = EXCLUDED."returnedQuantity", subtotal = EXCLUDED.subtotal,
        "orderAmount" = EXCLUDED."orderAmount", "orderRefundAmount" = EXCLUDED."orderRefundAmount",
        "creatorHandle" = EXCLUDED."creatorHandle", channel = EXCLUDED.channel, source = EXCLUDED.source,
        "importBatchId" = EXCLUDED."importBatchId", "updatedAt" = now()
      RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) AS created, count(*) AS total FROM merged`;
  const [span] = await tx.$queryRaw<{ staged: bigint | number; latest: string | null; dates: string[] | null }[]>`
    SELECT count(*) AS staged, to_char(max("createdLocal"), 'YYYY-MM-DD"T"HH24:MI:SS') AS latest,
           array_agg(DISTINCT to_char("createdLocal", 'YYYY-MM-DD')) AS dates
    FROM "ImportStage" WHERE "stageId" = ${stageId}`;
  const created = Number(counts?.created ?? 0);
  return {
    created,
    updated: Number(counts?.total ?? 0) - created,
    staged: Number(span?.staged ?? 0),
    dates: [...(span?.dates ?? [])].sort(),
    latestCreated: span?.latest ?? "",
  };
}

/**
 * The earlier lines of an (order, SKU) that appears more than once, each with the next line of the same key (the
 * one that replaced it), in line order; at most `limit` (the count is staged − merged).
 */
export async function stagedDuplicates(
  tx: Tx,
  stageId: string,
  limit: number,
): Promise<{ line: number; later: number }[]> {
  const rows = await tx.$queryRaw<{ line: number; later: number }[]>`
    SELECT line, later FROM (
      SELECT seq, line, lead(line) OVER (PARTITION BY "orderId", "skuId" ORDER BY seq) AS later
      FROM "ImportStage" WHERE "stageId" = ${stageId}
    ) d WHERE later IS NOT NULL ORDER BY seq LIMIT ${limit}`;
  return rows.map((r) => ({ line: Number(r.line), later: Number(r.later) }));
}
