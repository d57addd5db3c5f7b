// Imports a Seller Center export (or a batch of Open API orders) into one shop: read first (in a worker, see
// parse-in-worker.ts), then written in one transaction, idempotent. The file's SHA-256 is claimed (the same file
// twice imports once) and the claim is kept alive by a heartbeat while the import runs, so it is taken over only
// when its importer stopped beating; every row is keyed by its natural key (the same row in two overlapping files
// counts once); the shop's facts for the touched days are recomputed from the stored rows; the anomaly scan runs
// after. The summary says what was read, imported and skipped (with line numbers and reasons).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import { isUniqueViolation } from "../db/unique-violation.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { atLeast } from "../domain/permissions.js";
import { likeLiteral } from "../domain/text.js";
import { recordFeedDays } from "../freshness/repository.js";
import { daysBetween, exportCompleteDays, lastDayEndedBy } from "../freshness/rules.js";
import { Prisma, type Shop } from "../generated/prisma/client.js";
import type { Logger } from "../log.js";
import type { Role } from "../members/types.js";
import { createFxRepository } from "../metrics/fx-repository.js";
import type { OrderLine } from "./order-line.js";
import { recomputeOrderFacts, type ShopTarget, type Tx, upsertOrderLines } from "./order-store.js";
import type { ParsedExport, ParseOptions, RecordRow } from "./parsed.js";
import { recomputeRecordFacts, upsertRecords } from "./record-store.js";
import { createSpool, readSpool, writeSpool } from "./spool.js";

/** Rows are written in batches of this many: one statement each. */
const BATCH = 2000;
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
 * Marking a failed import "failed" is retried this many times, 1 s, 2 s, 3 s … (at most 15 s) apart, when the
 * database is down: about ten minutes, after which the claim has gone stale anyway. Each attempt may take
 * MARK_FAILED_TIMEOUT_MS.
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
  /** Reading the file (in the worker), then writing its rows. */
  phase?: "reading" | "writing";
  rowsRead: number;
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
  clock: () => DateTime;
  log: Logger;
  /** Reads the file; `onProgress` gets the rows read so far (parse-in-worker.ts reports them from its worker). */
  parse(path: string, options: ParseOptions, onProgress?: (rowsRead: number) => void): Promise<ParsedExport>;
  /** Runs after a successful import: the anomaly scan of the shop's team. */
  afterImport(teamId: string): Promise<void>;
  /** How often a running import refreshes its claim (HEARTBEAT_EVERY_MS; tests beat faster). */
  heartbeatMs?: number;
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
    const attempt = () =>
      withTimeout(
        prisma.importBatch.updateMany({
          where: { id: batchId, status: "running" },
          data: { status: "failed", finishedAt: deps.clock().toJSDate() },
        }),
        MARK_FAILED_TIMEOUT_MS,
      );
    try {
      await attempt();
      return;
    } catch (error) {
      deps.log.warn(`could not mark import ${batchId} failed; retrying in the background`, error);
    }
    let tries = 1;
    const retry = () => {
      const timer = setTimeout(
        () => {
          attempt().then(
            () => deps.log.info(`import ${batchId} marked failed after ${tries + 1} attempts`),
            (error: unknown) => {
              if (++tries < MARK_FAILED_ATTEMPTS) retry();
              else deps.log.error(`gave up marking import ${batchId} failed (it goes stale by itself)`, error);
            },
          );
        },
        Math.min(MARK_FAILED_MAX_DELAY_MS, 1000 * tries),
      );
      timer.unref();
    };
    retry();
  }

  interface Sink {
    orders: OrderLine[];
    records: RecordRow[];
  }

  /** Streams the parsed rows into the tables, batch by batch, inside the caller's transaction. */
  async function load(
    tx: Tx,
    shop: ShopChoice,
    parsed: ParsedExport,
    batchId: string | null,
    source: "export" | "api",
    onRow: (read: number) => void,
  ) {
    const summary = {
      rowsRead: 0,
      created: 0,
      updated: 0,
      skipped: 0,
      skips: [] as { line: number; reason: string }[],
    };
    const dates = new Set<string>();
    const recordDates = new Set<string>();
    // The latest order time in the file ("YYYY-MM-DDTHH:mm:ss", shop-local): whether it reaches its day's end.
    let latestCreated = "";
    const sink: Sink = { orders: [], records: [] };
    // The same order and SKU twice in one batch would be updated twice by one statement: keep the later line.
    const seen = new Map<string, number>();
    const skip = (line: number, reason: string) => {
      summary.skipped++;
      if (summary.skips.length < MAX_SKIPS_KEPT) summary.skips.push({ line, reason });
    };
    const flush = async () => {
      if (sink.orders.length) {
        const r = await upsertOrderLines(tx, shop, sink.orders, batchId, source);
        summary.created += r.created;
        summary.updated += r.updated;
      }
      if (sink.records.length) {
        const r = await upsertRecords(tx, shop, sink.records, batchId);
        summary.created += r.created;
        summary.updated += r.updated;
      }
      sink.orders = [];
      sink.records = [];
      seen.clear();
    };
    for await (const item of parsed.items) {
      summary.rowsRead++;
      onRow(summary.rowsRead);
      if ("skip" in item) {
        skip(item.line, item.skip);
        continue;
      }
      if ("order" in item) {
        const key = `${item.order.orderId}|${item.order.skuId}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          const index = sink.orders.findIndex((o) => `${o.orderId}|${o.skuId}` === key);
          if (index >= 0) sink.orders.splice(index, 1);
          skip(earlier, `same order and SKU as line ${item.order.line}: the later line is kept`);
        }
        seen.set(key, item.order.line);
        sink.orders.push(item.order);
        dates.add(item.order.createdAt.slice(0, 10));
        if (item.order.createdAt > latestCreated) latestCreated = item.order.createdAt;
      } else {
        sink.records.push(item.record);
        if (item.record.localDate) recordDates.add(item.record.localDate);
      }
      if (sink.orders.length + sink.records.length >= BATCH) await flush();
    }
    await flush();
    return { summary, dates: [...dates].sort(), recordDates: [...recordDates].sort(), latestCreated };
  }

  async function run(
    shop: ShopChoice,
    parsed: ParsedExport,
    meta: {
      batchId: string | null;
      fileName: string;
      source: "export" | "api";
      /** Days the caller knows are whole (a sync's window); an export's own span decides otherwise. */
      completeDays?: string[];
      /** The person importing says the file is whole through this day (`npm run import -- --complete-through`). */
      declaredThrough?: string;
    },
    onProgress: (rows: number) => void,
  ): Promise<Omit<ImportSummary, "duplicateOf" | "batchId">> {
    const { summary, dates, recordDates, facts, missingRates, unknownCreators } = await prisma.$transaction(
      async (tx) => {
        const loaded = await load(tx, shop, parsed, meta.batchId, meta.source, onProgress);
        const allDates = [...new Set([...loaded.dates, ...loaded.recordDates])].sort();
        // The rates are read inside the transaction: the embedded database has one connection, and the
        // transaction holds it.
        const rates = await createFxRepository(tx as PrismaClient).lookup(
          [shop.currency, ...(await currenciesOf(tx, shop.id, loaded.dates))],
          allDates[0] ?? "2000-01-01",
          allDates.at(-1) ?? "2000-01-01",
        );
        const orders = await recomputeOrderFacts(tx, shop, loaded.dates, rates);
        const records = await recomputeRecordFacts(tx, shop, parsed.kind, loaded.recordDates);
        const unknown = await unknownCreatorHandles(tx, shop, loaded.dates);
        if (parsed.kind === "orders") {
          // Which days are now whole, in the same transaction as the lines: a rolled-back import marks nothing.
          const firstDay = loaded.dates[0];
          const lastDay = loaded.dates.at(-1);
          const span = firstDay && lastDay ? { firstDay, lastDay, latestLocalTime: loaded.latestCreated } : null;
          await recordFeedDays(
            tx,
            {
              workspaceId: shop.workspaceId,
              teamId: shop.teamId,
              shopId: shop.id,
              source: meta.source,
              dataDays: loaded.dates,
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
          ...loaded,
          facts: orders.facts + records.facts,
          missingRates: orders.missingRates,
          unknownCreators: unknown,
        };
      },
      // A big file is one transaction: all of it lands, or none of it.
      { timeout: 6 * 3600_000, maxWait: 60_000 },
    );
    const allDates = [...new Set([...dates, ...recordDates])].sort();
    return {
      kind: parsed.kind,
      fileName: meta.fileName,
      shop: { id: shop.id, name: shop.name, teamId: shop.teamId },
      ...summary,
      imported: summary.created + summary.updated,
      dates: allDates.length ? { from: allDates[0] as string, to: allDates.at(-1) as string } : null,
      facts,
      missingRates,
      unknownCreators,
      notes: parsed.notes ?? [],
    };
  }

  // Plain SELECT DISTINCT: Prisma's `distinct` de-duplicates in memory, which would load every line of a big file.
  const dateList = (dates: string[]) => Prisma.join(dates.map((d) => Prisma.sql`${new Date(`${d}T00:00:00Z`)}::date`));

  async function currenciesOf(tx: Tx, shopId: string, dates: string[]): Promise<string[]> {
    if (dates.length === 0) return [];
    const rows = await tx.$queryRaw<{ currency: string }[]>`
      SELECT DISTINCT currency FROM "OrderLine" WHERE "shopId" = ${shopId} AND "localDate" IN (${dateList(dates)})`;
    return rows.map((r) => r.currency);
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

  /** The rest of importFile once the file is read: the claim, its heartbeat, the transaction, the summary. */
  async function importParsed(
    input: {
      fileName: string;
      actorId?: string | null;
      onProgress?: (p: ImportProgress) => void;
      completeThrough?: string;
    },
    shop: ShopChoice,
    fileHash: string,
    parsed: ParsedExport,
    totalBytes: number,
  ): Promise<ImportSummary> {
    const claim = await claimBatch(shop, fileHash, input.fileName, parsed.kind, input.actorId ?? null);
    if (claim.duplicate) {
      const d = claim.duplicate;
      return {
        batchId: d.id,
        kind: d.kind,
        fileName: input.fileName,
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
    const batchId = claim.batch.id;
    let lastReport = 0;
    const progress = (rows: number) => {
      if (!input.onProgress || rows - lastReport < 5000) return;
      lastReport = rows;
      input.onProgress({ phase: "writing", rowsRead: rows, bytesRead: parsed.bytesRead?.() ?? null, totalBytes });
    };
    const heartbeat = startHeartbeat(batchId);
    try {
      const result = await run(
        shop,
        parsed,
        { batchId, fileName: input.fileName, source: "export", declaredThrough: input.completeThrough },
        progress,
      );
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
      // Read to its end (outside any transaction) before anything is claimed or written: a refused file writes
      // nothing, not even a failed claim.
      const parsed = await deps.parse(
        input.path,
        { market: shop.market, currency: shop.currency, ...input.parseOptions },
        (rows) => input.onProgress?.({ phase: "reading", rowsRead: rows, bytesRead: null, totalBytes }),
      );
      try {
        return await importParsed(input, shop, fileHash, parsed, totalBytes);
      } finally {
        await parsed.dispose?.();
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
      // Every page is fetched (with the client's backoff) before the transaction opens: on the embedded database
      // an open transaction holds the one connection, and no command should wait for TikTok's API.
      const spool = await createSpool();
      let result: Omit<ImportSummary, "duplicateOf" | "batchId">;
      try {
        await writeSpool(spool.path, items());
        const parsed: ParsedExport = { kind: "orders", items: readSpool(spool.path) };
        result = await run(shop, parsed, { batchId: null, fileName: label, source: "api", completeDays }, () => {});
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
