// Imports a Seller Center export (or a batch of Open API orders) into one shop: read first (in a worker, see
// parse-in-worker.ts), then written in one transaction, idempotent. The file's SHA-256 is claimed (the same file
// twice imports once) and the claim is kept alive by a heartbeat while the import runs, so it is taken over only
// when its importer stopped beating; every row is keyed by its natural key (the same row in two overlapping files
// counts once); the shop's facts for the touched days are recomputed from the stored rows; the anomaly scan runs
// after. The summary says what was read, imported and skipped (with line numbers and reasons).
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { DateTime } from "luxon";
import type { CopyFrom } from "../db/bulk-copy.js";
import type { PrismaClient } from "../db/client.js";
import { isUniqueViolation } from "../db/unique-violation.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { atLeast } from "../domain/permissions.js";
import { likeLiteral } from "../domain/text.js";
import { recordFeedDays } from "../freshness/repository.js";
import { daysBetween, exportCompleteDays, lastDayEndedBy } from "../freshness/rules.js";
import type { Shop } from "../generated/prisma/client.js";
import type { Logger } from "../log.js";
import type { Role } from "../members/types.js";
import { createFxRepository } from "../metrics/fx-repository.js";
import type { OrderLine } from "./order-line.js";
import { dateList, foreignSaleDays, recomputeOrderFacts, type ShopTarget, type Tx } from "./order-store.js";
import type { ExportKind, ParsedExport, ParsedItem, ParseOptions, RecordRow } from "./parsed.js";
import { recomputeRecordFacts, upsertRecords } from "./record-store.js";
import { createSpool, readSpool, type Spool, writeSpool } from "./spool.js";
import {
  copyStaged,
  dropAbandonedStages,
  encodeStageRow,
  mergeStage,
  releaseStage,
  STAGE_ABANDONED_AFTER_HOURS,
  STAGE_CHUNK_CHARS,
  stagedDuplicates,
} from "./stage-store.js";

/** Records (the exports other than orders) are written in batches of this many: one statement each. */
const BATCH = 2000;
/** Progress is reported every this many rows read or written: often enough for a bar, rarely enough to be free. */
const PROGRESS_EVERY_ROWS = 5000;
/** Skipped rows kept with their reason (the count is always complete). */
const MAX_SKIPS_KEPT = 1000;
/**
 * A running import refreshes its claim (ImportBatch.heartbeatAt) this often.
 */
const HEARTBEAT_EVERY_MS = 60_000;
/**
 * A "running" claim whose last beat is older than this was cut off (a crash, a lost replica): the same file may
 * be imported again. Five missed beats: a database slow for a minute or two does not hand a live import's file
 * to a second importer, and a crashed one is retried within minutes, not hours.
 */
const STALE_AFTER_MINUTES = 5;
/**
 * Marking a failed import "failed" (and removing its staged rows) is retried this many times, 1 s, 2 s, 3 s … (at
 * most 15 s) apart, when the database is down: about ten minutes, after which the claim has gone stale anyway. Each
 * attempt may take MARK_FAILED_TIMEOUT_MS.
 */
const MARK_FAILED_ATTEMPTS = 50;
const MARK_FAILED_MAX_DELAY_MS = 15_000;
const MARK_FAILED_TIMEOUT_MS = 10_000;

/** The promise, or a rejection once `ms` have passed (the promise itself is left to settle on its own). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ImportProgress {
  /**
   * Reading the file (in the worker) while its rows are staged as they come, then writing them into the tables (one
   * transaction).
   */
  phase?: "reading" | "writing";
  rowsRead: number;
  /** Rows staged so far (reading), or in all (writing). */
  rowsWritten?: number;
  /** Null when the parser does not say how far into the file it is. */
  bytesRead: number | null;
  totalBytes: number | null;
}

export interface ImportSummary {
  batchId: string;
  kind: string;
  fileName: string;
  shop: { id: string; name: string; teamId: string };
  /** The same file was imported before: nothing changed. */
  duplicateOf: { at: Date } | null;
  rowsRead: number;
  imported: number;
  created: number;
  updated: number;
  skipped: number;
  skips: { line: number; reason: string }[];
  dates: { from: string; to: string } | null;
  facts: number;
  missingRates: string[];
  unknownCreators: string[];
  notes: string[];
}

export interface ShopChoice {
  id: string;
  name: string;
  externalId: string;
  teamId: string;
  workspaceId: string;
  currency: string;
  timezone: string;
  market: string;
}

export interface ImportDeps {
  prisma: PrismaClient;
  /** COPY into the stage (Database.copyFrom): order lines go there while the file is read. */
  copyFrom: CopyFrom;
  clock: () => DateTime;
  log: Logger;
  /**
   * Reads the file: resolves once its kind is known, its rows then streaming from `items` (parse-in-worker.ts reads
   * in a worker); `onProgress` gets the rows read so far.
   */
  parse(path: string, options: ParseOptions, onProgress?: (rowsRead: number) => void): Promise<ParsedExport>;
  /** Runs after a successful import: the anomaly scan of the shop's team. */
  afterImport(teamId: string): Promise<void>;
  /** How often a running import refreshes its claim (HEARTBEAT_EVERY_MS; tests beat faster). */
  heartbeatMs?: number;
}

/** A file read to its end and staged, not yet claimed or written. */
interface Staged {
  kind: ExportKind;
  /** The order lines' stage (stage-store.ts); null for the other exports. */
  stageId: string | null;
  /** The other exports' records, on disk; null for orders. */
  records: Spool | null;
  rowsRead: number;
  /** Order lines staged. */
  staged: number;
  /** Rows the parser skipped (all counted, the first MAX_SKIPS_KEPT kept with their reason). */
  skipped: number;
  skips: { line: number; reason: string }[];
}

/** Who is looking at imports: members and leads see their own team's shops', managers and admins the workspace's. */
export interface ImportViewer {
  workspaceId: string;
  role: Role;
  team: { id: string } | null;
}

/** A shop with what an import needs of its team: the currency facts are kept in. */
function toShopChoice(s: Shop & { team: { currency: string } }): ShopChoice {
  return {
    id: s.id,
    name: s.name,
    externalId: s.externalId,
    teamId: s.teamId,
    workspaceId: s.workspaceId,
    currency: s.team.currency,
    timezone: s.timezone,
    market: s.market,
  };
}

/** "GizmoHub Deals" matches "gizmohub-deals-orders.csv": compare letters and digits only. */
const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

export function createImportService(deps: ImportDeps) {
  const { prisma } = deps;

  async function shopsOf(workspaceId: string): Promise<ShopChoice[]> {
    const rows = await prisma.shop.findMany({
      where: { workspaceId },
      include: { team: true },
      orderBy: { name: "asc" },
    });
    return rows.map(toShopChoice);
  }

  /**
   * Which shop a file is for: the one named (name or Seller Center id), else one named in the file name or the
   * message, else the only shop of the member's team. Anything else is a question back, never a guess.
   */
  async function chooseShop(
    workspaceId: string,
    hint: { shop?: string; fileName: string; text?: string; teamId?: string | null },
  ): Promise<ShopChoice> {
    const shops = await shopsOf(workspaceId);
    const example = `npm run import -- orders.csv --shop "${shops[0]?.name ?? "GizmoHub Deals"}"`;
    if (hint.shop) {
      const wanted = squash(hint.shop);
      const found = shops.find((s) => squash(s.name) === wanted || s.externalId === hint.shop?.trim());
      if (!found)
        throw new UserError(
          "import.unknown_shop",
          { shop: hint.shop, shops: shops.map((s) => s.name).join(", ") },
          example,
        );
      return found;
    }
    const haystack = squash(`${hint.fileName} ${hint.text ?? ""}`);
    const named = shops.filter((s) => haystack.includes(squash(s.name)) || haystack.includes(s.externalId));
    if (named.length === 1) return named[0] as ShopChoice;
    const ofTeam = shops.filter((s) => s.teamId === hint.teamId);
    if (named.length === 0 && ofTeam.length === 1) return ofTeam[0] as ShopChoice;
    const candidates = (named.length ? named : ofTeam.length ? ofTeam : shops).map((s) => s.name);
    throw new UserError(
      "import.which_shop",
      { shops: candidates.join(", ") },
      `${candidates[0] ?? "GizmoHub Deals"} orders.csv`,
    );
  }

  async function hashFile(path: string): Promise<string> {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest("hex");
  }

  /** Claims the file's hash. Returns the earlier import when this exact file was imported already. */
  async function claimBatch(
    shop: ShopChoice,
    fileHash: string,
    fileName: string,
    kind: string,
    actorId: string | null,
  ) {
    const existing = await prisma.importBatch.findUnique({
      where: { workspaceId_fileHash: { workspaceId: shop.workspaceId, fileHash } },
    });
    if (existing?.status === "completed") return { duplicate: existing, batch: null };
    const stale = deps.clock().minus({ minutes: STALE_AFTER_MINUTES }).toJSDate();
    // Still beating: another upload of this file (here or on another replica) is importing it right now.
    if (existing?.status === "running" && (existing.heartbeatAt ?? existing.startedAt) > stale) {
      throw new UserError("import.in_progress", { file: existing.fileName });
    }
    // A failed or abandoned earlier attempt left nothing behind (its transaction rolled back): start over.
    if (existing) await prisma.importBatch.delete({ where: { id: existing.id } });
    try {
      const batch = await prisma.importBatch.create({
        data: { workspaceId: shop.workspaceId, shopId: shop.id, kind, fileName, fileHash, createdById: actorId },
      });
      return { duplicate: null, batch };
    } catch (error) {
      // Another replica (or a second upload of the same file) claimed it a moment ago.
      if (isUniqueViolation(error)) throw new UserError("import.in_progress", { file: fileName });
      throw error;
    }
  }

  /** Refreshes the claim until stopped; a beat never touches a claim that is no longer running. */
  function startHeartbeat(batchId: string) {
    let inFlight: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      // One beat at a time: on the embedded database a beat waits for the import's own transaction (one
      // connection), and beats must not pile up behind it.
      if (inFlight) return;
      inFlight = prisma.importBatch
        .updateMany({ where: { id: batchId, status: "running" }, data: { heartbeatAt: deps.clock().toJSDate() } })
        .catch((error: unknown) => deps.log.warn(`the heartbeat of import ${batchId} failed`, error))
        .finally(() => {
          inFlight = null;
        });
    }, deps.heartbeatMs ?? HEARTBEAT_EVERY_MS);
    timer.unref();
    return {
      /** Stops beating; waits for a beat in flight, but not for ever (a database that does not answer). */
      async stop() {
        clearInterval(timer);
        if (inFlight) await withTimeout(inFlight, MARK_FAILED_TIMEOUT_MS).catch(() => undefined);
      },
    };
  }

  /**
   * Marks a claim failed so the same file can be sent again at once. With the database down (the usual reason
   * an import fails), it is retried in the background until the database is back; the heartbeat has stopped, so
   * the claim goes stale after STALE_AFTER_MINUTES even if every attempt fails.
   */
  async function markFailed(batchId: string): Promise<void> {
    await untilDone(
      {
        doing: `mark import ${batchId} failed`,
        done: `import ${batchId} marked failed`,
        fallback: "it goes stale by itself",
      },
      () =>
        prisma.importBatch.updateMany({
          where: { id: batchId, status: "running" },
          data: { status: "failed", finishedAt: deps.clock().toJSDate() },
        }),
    );
  }

  /**
   * Runs a clean-up now, or, when the database does not answer (the usual reason an import failed), again in the
   * background until it is back: up to MARK_FAILED_ATTEMPTS times, 1 s, 2 s, 3 s … (at most 15 s) apart.
   */
  async function untilDone(
    what: { doing: string; done: string; fallback: string },
    run: () => Promise<unknown>,
  ): Promise<void> {
    const attempt = () => withTimeout(run(), MARK_FAILED_TIMEOUT_MS);
    try {
      await attempt();
      return;
    } catch (error) {
      deps.log.warn(`could not ${what.doing}; retrying in the background`, error);
    }
    let tries = 1;
    const retry = () => {
      const timer = setTimeout(
        () => {
          attempt().then(
            () => deps.log.info(`${what.done} after ${tries + 1} attempts`),
            (error: unknown) => {
              if (++tries < MARK_FAILED_ATTEMPTS) retry();
              else deps.log.error(`gave up: could not ${what.doing} (${what.fallback})`, error);
            },
          );
        },
        Math.min(MARK_FAILED_MAX_DELAY_MS, 1000 * tries),
      );
      timer.unref();
    };
    retry();
  }

  /** Keeps the first MAX_SKIPS_KEPT skipped rows with their reason; counts them all. */
  function skipList() {
    const list = { skipped: 0, skips: [] as { line: number; reason: string }[] };
    return {
      list,
      add(line: number, reason: string) {
        list.skipped++;
        if (list.skips.length < MAX_SKIPS_KEPT) list.skips.push({ line, reason });
      },
    };
  }

  /**
   * Reads the parsed rows to their end and stages them, outside any transaction: order lines are encoded as CSV
   * and streamed with COPY into the stage as they arrive (stage-store.ts), the other exports' records (small: one
   * row per creator, video, LIVE or payout) spooled to disk as before. Reading and writing overlap, and the rows in
   * memory are a few chunks whatever the file's size. Throws whatever the parse throws (a refusal half-way), with
   * what was staged already removed.
   */
  async function stage(
    shop: ShopChoice,
    parsed: ParsedExport,
    onProgress: (staged: { rowsRead: number; rowsWritten: number }) => void,
  ): Promise<Staged> {
    const skips = skipList();
    let rowsRead = 0;
    let rowsWritten = 0;
    if (parsed.kind !== "orders") {
      const spool = await createSpool();
      try {
        async function* records(): AsyncGenerator<ParsedItem> {
          for await (const item of parsed.items) {
            onProgress({ rowsRead: ++rowsRead, rowsWritten });
            if ("skip" in item) skips.add(item.line, item.skip);
            else if ("record" in item) {
              rowsWritten++;
              yield item;
            }
          }
        }
        await writeSpool(spool.path, records());
      } catch (error) {
        await spool.dispose();
        throw error;
      }
      return { kind: parsed.kind, stageId: null, records: spool, rowsRead, staged: 0, ...skips.list };
    }
    const stageId = randomUUID();
    async function* chunks(): AsyncGenerator<Uint8Array> {
      let pending = "";
      let seq = 0;
      for await (const item of parsed.items) {
        rowsRead++;
        if ("skip" in item) skips.add(item.line, item.skip);
        else if ("order" in item) pending += encodeStageRow(stageId, ++seq, shop.currency, item.order);
        if (pending.length >= STAGE_CHUNK_CHARS) {
          yield Buffer.from(pending);
          pending = "";
          rowsWritten = seq;
          onProgress({ rowsRead, rowsWritten });
        }
      }
      if (pending.length) yield Buffer.from(pending);
      rowsWritten = seq;
      onProgress({ rowsRead, rowsWritten });
    }
    try {
      const staged = await copyStaged(deps.copyFrom, chunks());
      return { kind: "orders", stageId, records: null, rowsRead, staged, ...skips.list };
    } catch (error) {
      await unstage({ kind: "orders", stageId, records: null, rowsRead, staged: 0, ...skips.list });
      throw error;
    }
  }

  /**
   * Removes what an import staged (its rows in the stage, its spool); never throws. With the database away, the rows
   * are removed once it is back (untilDone), and in any case by a later import once they are abandoned.
   */
  async function unstage(staged: Staged): Promise<void> {
    const { stageId } = staged;
    if (stageId)
      await untilDone(
        {
          doing: `remove the staged rows of import stage ${stageId}`,
          done: `staged rows of import stage ${stageId} removed`,
          fallback: `a later import removes them after ${STAGE_ABANDONED_AFTER_HOURS} hours`,
        },
        () => releaseStage(prisma, stageId),
      );
    await staged.records?.dispose();
  }

  /** Upserts the spooled records, batch by batch, inside the caller's transaction. */
  async function loadRecords(tx: Tx, shop: ShopChoice, spool: Spool, batchId: string | null) {
    const result = { created: 0, updated: 0, dates: new Set<string>() };
    let batch: RecordRow[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const r = await upsertRecords(tx, shop, batch, batchId);
      result.created += r.created;
      result.updated += r.updated;
      batch = [];
    };
    for await (const item of readSpool(spool.path)) {
      if (!("record" in item)) continue;
      batch.push(item.record);
      if (item.record.localDate) result.dates.add(item.record.localDate);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return { created: result.created, updated: result.updated, dates: [...result.dates].sort() };
  }

  async function run(
    shop: ShopChoice,
    staged: Staged,
    meta: {
      batchId: string | null;
      fileName: string;
      source: "export" | "api";
      notes: string[];
      /** Days the caller knows are whole (a sync's window); an export's own span decides otherwise. */
      completeDays?: string[];
      /** The person importing says the file is whole through this day (`npm run import -- --complete-through`). */
      declaredThrough?: string;
    },
  ): Promise<Omit<ImportSummary, "duplicateOf" | "batchId">> {
    const { created, updated, duplicates, dates, recordDates, facts, missingRates, unknownCreators } =
      await prisma.$transaction(
        async (tx) => {
          const lines = staged.stageId
            ? await mergeStage(tx, shop, staged.stageId, meta.batchId, meta.source)
            : { created: 0, updated: 0, staged: 0, dates: [], latestCreated: "" };
          // The same order and SKU on several lines: the later one was kept, the earlier ones are reported.
          const duplicateCount = lines.staged - lines.created - lines.updated;
          const duplicates =
            staged.stageId && duplicateCount > 0
              ? { count: duplicateCount, shown: await stagedDuplicates(tx, staged.stageId, MAX_SKIPS_KEPT) }
              : { count: 0, shown: [] };
          const records = staged.records
            ? await loadRecords(tx, shop, staged.records, meta.batchId)
            : { created: 0, updated: 0, dates: [] as string[] };
          const allDates = [...new Set([...lines.dates, ...records.dates])].sort();
          // The rates are read inside the transaction: the embedded database has one connection, and the
          // transaction holds it.
          const foreign = await foreignSaleDays(tx, shop, lines.dates);
          const rates = await createFxRepository(tx as PrismaClient).lookup(
            [shop.currency, ...new Set(foreign.map((f) => f.currency))],
            allDates[0] ?? "2000-01-01",
            allDates.at(-1) ?? "2000-01-01",
          );
          const orders = await recomputeOrderFacts(tx, shop, lines.dates, rates, foreign);
          const recordFacts = await recomputeRecordFacts(tx, shop, staged.kind, records.dates);
          const unknown = await unknownCreatorHandles(tx, shop, lines.dates);
          if (staged.kind === "orders") {
            // Which days are now whole, in the same transaction as the lines: a rolled-back import marks nothing.
            const firstDay = lines.dates[0];
            const lastDay = lines.dates.at(-1);
            const span = firstDay && lastDay ? { firstDay, lastDay, latestLocalTime: lines.latestCreated } : null;
            await recordFeedDays(
              tx,
              {
                workspaceId: shop.workspaceId,
                teamId: shop.teamId,
                shopId: shop.id,
                source: meta.source,
                dataDays: lines.dates,
                completeDays: [
                  ...(meta.completeDays ?? exportCompleteDays(span, deps.clock(), shop.timezone)),
                  // Declared whole through a day: every day of the file's span up to it (or that day alone).
                  ...(meta.declaredThrough
                    ? daysBetween(
                        firstDay && firstDay < meta.declaredThrough ? firstDay : meta.declaredThrough,
                        meta.declaredThrough,
                      )
                    : []),
                ],
              },
              deps.clock().toJSDate(),
            );
          }
          return {
            created: lines.created + records.created,
            updated: lines.updated + records.updated,
            duplicates,
            dates: lines.dates,
            recordDates: records.dates,
            facts: orders.facts + recordFacts.facts,
            missingRates: orders.missingRates,
            unknownCreators: unknown,
          };
        },
        // A big file is one transaction: all of it lands, or none of it.
        { timeout: 6 * 3600_000, maxWait: 60_000 },
      );
    const allDates = [...new Set([...dates, ...recordDates])].sort();
    const skips = [
      ...staged.skips,
      ...duplicates.shown.map((d) => ({
        line: d.line,
        reason: `same order and SKU as line ${d.later}: the later line is kept`,
      })),
    ]
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_SKIPS_KEPT);
    return {
      kind: staged.kind,
      fileName: meta.fileName,
      shop: { id: shop.id, name: shop.name, teamId: shop.teamId },
      rowsRead: staged.rowsRead,
      created,
      updated,
      imported: created + updated,
      skipped: staged.skipped + duplicates.count,
      skips,
      dates: allDates.length ? { from: allDates[0] as string, to: allDates.at(-1) as string } : null,
      facts,
      missingRates,
      unknownCreators,
      notes: meta.notes,
    };
  }

  /** Creators named by orders that the CRM does not know: their sales are not attributed until they are added. */
  async function unknownCreatorHandles(tx: Tx, shop: ShopChoice, dates: string[]): Promise<string[]> {
    if (dates.length === 0) return [];
    const rows = await tx.$queryRaw<{ handle: string }[]>`
      SELECT DISTINCT l."creatorHandle" AS handle FROM "OrderLine" l
      WHERE l."shopId" = ${shop.id} AND l."localDate" IN (${dateList(dates)}) AND l."creatorHandle" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "Creator" c WHERE c."workspaceId" = ${shop.workspaceId}
                        AND c.platform = 'tiktok' AND c.handle = l."creatorHandle")
      ORDER BY 1 LIMIT 20`;
    return rows.map((r) => r.handle);
  }

  /** What an earlier import of the same bytes said: the answer to sending a file twice. */
  function duplicateSummary(
    d: { id: string; kind: string; finishedAt: Date | null; startedAt: Date; rowsRead: number; rowsSkipped: number },
    shop: ShopChoice,
    fileName: string,
  ): ImportSummary {
    return {
      batchId: d.id,
      kind: d.kind,
      fileName,
      shop: { id: shop.id, name: shop.name, teamId: shop.teamId },
      duplicateOf: { at: d.finishedAt ?? d.startedAt },
      rowsRead: d.rowsRead,
      imported: 0,
      created: 0,
      updated: 0,
      skipped: d.rowsSkipped,
      skips: [],
      dates: null,
      facts: 0,
      missingRates: [],
      unknownCreators: [],
      notes: [],
    };
  }

  /** The rest of importFile once the file is read and staged: the claim, its heartbeat, the transaction. */
  async function importStaged(
    input: {
      fileName: string;
      actorId?: string | null;
      onProgress?: (p: ImportProgress) => void;
      completeThrough?: string;
    },
    shop: ShopChoice,
    fileHash: string,
    staged: Staged,
    notes: string[],
    totalBytes: number,
  ): Promise<ImportSummary> {
    const claim = await claimBatch(shop, fileHash, input.fileName, staged.kind, input.actorId ?? null);
    if (claim.duplicate) return duplicateSummary(claim.duplicate, shop, input.fileName);
    const batchId = claim.batch.id;
    input.onProgress?.({
      phase: "writing",
      rowsRead: staged.rowsRead,
      rowsWritten: staged.staged,
      bytesRead: totalBytes,
      totalBytes,
    });
    const heartbeat = startHeartbeat(batchId);
    try {
      const result = await run(shop, staged, {
        batchId,
        fileName: input.fileName,
        source: "export",
        notes,
        declaredThrough: input.completeThrough,
      });
      await heartbeat.stop();
      await prisma.importBatch.update({
        where: { id: batchId },
        data: {
          status: "completed",
          rowsRead: result.rowsRead,
          rowsImported: result.imported,
          rowsSkipped: result.skipped,
          skipped: result.skips.slice(0, MAX_SKIPS_KEPT),
          finishedAt: deps.clock().toJSDate(),
        },
      });
      await deps
        .afterImport(shop.teamId)
        .catch((error: unknown) => deps.log.warn("anomaly scan after an import failed", error));
      return { batchId, duplicateOf: null, ...result };
    } catch (error) {
      await heartbeat.stop();
      await markFailed(batchId);
      throw error;
    }
  }

  const toBatchView = (b: {
    id: string;
    fileName: string;
    status: string;
    rowsRead: number;
    rowsImported: number;
    rowsSkipped: number;
    skipped: unknown;
    startedAt: Date;
  }) => ({ ...b, shortId: b.id.slice(-6), skipped: (b.skipped as { line: number; reason: string }[] | null) ?? [] });

  return {
    chooseShop,

    /** The latest imports the viewer may see (their team's shops', or the workspace's for managers and admins). */
    async recentBatches(viewer: ImportViewer, limit: number) {
      const rows = await prisma.importBatch.findMany({
        where: { workspaceId: viewer.workspaceId, ...(await visibleShops(viewer)) },
        orderBy: { startedAt: "desc" },
        take: limit,
      });
      return rows.map(toBatchView);
    },

    /**
     * One import by the last characters of its id (what /import list shows). Null when there is none in the
     * viewer's workspace; an import of another team's shop is a PermissionDenied worded exactly like "no such
     * import" (so an id says nothing about other teams), which the dispatcher audits.
     */
    async batch(viewer: ImportViewer, suffix: string) {
      const id = suffix.replace(/^#/, "");
      const notFound = () => new UserError("import.not_found", { id: suffix });
      // An empty suffix matches every id: not a lookup anyone meant.
      if (id.length === 0) throw notFound();
      // endsWith is a LIKE: a typed "%" must match itself, not every import.
      const where = { workspaceId: viewer.workspaceId, id: { endsWith: likeLiteral(id) } };
      const visible = await prisma.importBatch.findFirst({
        where: { ...where, ...(await visibleShops(viewer)) },
        orderBy: { startedAt: "desc" },
      });
      if (visible) return toBatchView(visible);
      if (await prisma.importBatch.findFirst({ where, select: { id: true } }))
        throw new PermissionDenied("import.show", "import.not_found", { id: suffix });
      throw notFound();
    },

    /** Imports a Seller Center export from a file on disk. */
    async importFile(input: {
      workspaceId: string;
      path: string;
      fileName: string;
      shop?: string;
      text?: string;
      teamId?: string | null;
      actorId?: string | null;
      /** Throws when the person importing may not import into this shop (a PermissionDenied). */
      allowShop?: (shop: ShopChoice) => void;
      parseOptions?: ParseOptions;
      onProgress?: (p: ImportProgress) => void;
      /** The file is whole through this shop-local day (a day that is over there), as its exporter knows. */
      completeThrough?: string;
    }): Promise<ImportSummary> {
      const totalBytes = (await stat(input.path)).size;
      const fileHash = await hashFile(input.path);
      // The same bytes imported before are "already imported", whatever the file is called this time.
      const earlier = await prisma.importBatch.findUnique({
        where: { workspaceId_fileHash: { workspaceId: input.workspaceId, fileHash } },
      });
      const earlierShop = earlier?.status === "completed" && earlier.shopId ? await shopsOfShop(earlier.shopId) : null;
      const shop =
        earlierShop ??
        (await chooseShop(input.workspaceId, {
          shop: input.shop,
          fileName: input.fileName,
          text: input.text,
          teamId: input.teamId,
        }));
      input.allowShop?.(shop);
      if (input.completeThrough) {
        // Only a day that is over where the shop is can be whole; checked before anything is read or written.
        const latest = lastDayEndedBy(deps.clock(), shop.timezone);
        if (input.completeThrough > latest) {
          throw new UserError(
            "import.complete_not_over",
            { date: input.completeThrough, shop: shop.name, zone: shop.timezone, latest },
            `npm run import -- orders.csv --shop "${shop.name}" --complete-through ${latest}`,
          );
        }
      }
      // Imported already: nothing to read.
      if (earlier?.status === "completed") return duplicateSummary(earlier, shop, input.fileName);
      await dropAbandonedStages(prisma);
      // Read to its end (outside any transaction, the rows staged as they come) before anything is claimed or
      // written: a refused file claims nothing, and what it staged is removed.
      let rowsRead = 0;
      let lastReport = 0;
      const report = (rowsWritten: number) => {
        if (!input.onProgress || rowsRead + rowsWritten - lastReport < PROGRESS_EVERY_ROWS) return;
        lastReport = rowsRead + rowsWritten;
        input.onProgress({ phase: "reading", rowsRead, rowsWritten, bytesRead: null, totalBytes });
      };
      let rowsWritten = 0;
      const parsed = await deps.parse(
        input.path,
        { market: shop.market, currency: shop.currency, ...input.parseOptions },
        (rows) => {
          rowsRead = Math.max(rowsRead, rows);
          report(rowsWritten);
        },
      );
      let staged: Staged | null = null;
      try {
        staged = await stage(shop, parsed, (s) => {
          rowsRead = Math.max(rowsRead, s.rowsRead);
          rowsWritten = s.rowsWritten;
          report(rowsWritten);
        });
        return await importStaged(input, shop, fileHash, staged, parsed.notes ?? [], totalBytes);
      } finally {
        await parsed.dispose?.();
        if (staged) await unstage(staged);
      }
    },

    /** Imports orders that came from the Open API (a scheduled sync): the same tables, keys and facts as a file. */
    async importOrders(
      shopId: string,
      orders: AsyncIterable<OrderLine>,
      label: string,
      /** Shop-local days the sync's window covered whole, with or without orders. */
      completeDays: string[] = [],
    ): Promise<ImportSummary> {
      const shop = (await shopsOfShop(shopId)) as ShopChoice;
      async function* items() {
        for await (const order of orders) yield { order };
      }
      // Every page is fetched (with the client's backoff) before anything is staged: a COPY stays open only while
      // rows are ready to go, never while TikTok's API is slow.
      const spool = await createSpool();
      let result: Omit<ImportSummary, "duplicateOf" | "batchId">;
      try {
        await writeSpool(spool.path, items());
        await dropAbandonedStages(prisma);
        const staged = await stage(shop, { kind: "orders", items: readSpool(spool.path) }, () => {});
        try {
          result = await run(shop, staged, { batchId: null, fileName: label, source: "api", notes: [], completeDays });
        } finally {
          await unstage(staged);
        }
      } finally {
        await spool.dispose();
      }
      if (result.imported > 0) {
        await deps
          .afterImport(shop.teamId)
          .catch((error: unknown) => deps.log.warn("anomaly scan after a sync failed", error));
      }
      return { batchId: "", duplicateOf: null, ...result };
    },
  };

  /** The filter of imports a viewer may see: nothing extra for managers and admins, their team's shops otherwise. */
  async function visibleShops(viewer: ImportViewer): Promise<{ shopId?: { in: string[] } }> {
    if (atLeast(viewer, "manager")) return {};
    if (!viewer.team) return { shopId: { in: [] } };
    const shops = await prisma.shop.findMany({
      where: { workspaceId: viewer.workspaceId, teamId: viewer.team.id },
      select: { id: true },
    });
    return { shopId: { in: shops.map((s) => s.id) } };
  }

  async function shopsOfShop(shopId: string): Promise<ShopChoice | null> {
    const s = await prisma.shop.findUnique({ where: { id: shopId }, include: { team: true } });
    return s ? toShopChoice(s) : null;
  }
}

export type ImportService = ReturnType<typeof createImportService>;
export type { ShopTarget };
