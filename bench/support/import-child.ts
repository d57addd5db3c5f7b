// One measurement of bench/import.ts, in its own process so that its peak memory is its own (the parent holds
// the generator's buffers, and PGlite's WebAssembly memory never shrinks once grown). The database is created by
// a "prepare" process first and reopened by the measured one, as in production: PGlite's initdb on first open
// alone leaves ~600 MB of WebAssembly memory behind, where reopening a data directory takes ~110 MB. Modes:
//   --mode prepare --db postgres --url <url> | --db pglite --dir <dataDir>   migrations, workspace, team, shop
//   --mode import (same --db options) --file <export>          Starling's importer (importFile) as the server runs
//                                                              it (parse worker, COPY into the stage), timed
//   --mode prepare-copy --dir <dataDir>                        a PGlite with the plain table of the baseline
//   --mode copy --dir <dataDir> --file <copy file>             COPY into that table (the baseline), timed
//   --mode parse --file <export>                               parseExportForImport alone, no database, timed
// Prints one line "@@result <json>" on stdout: rows, ms, peak RSS (getrusage and a 100 ms sampler), details.
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { DateTime } from "luxon";
import { createDatabase } from "../../src/db/client.js";
import { parseExportForImport } from "../../src/imports/parse-for-import.js";
import { parseInWorker } from "../../src/imports/parse-in-worker.js";
import type { ParsedExport, ParsedItem } from "../../src/imports/parsed.js";
import { createImportService } from "../../src/imports/service.js";
import { silentLogger } from "../../src/log.js";
import { createBenchShop } from "./bench-shop.js";
import { type ChildResult, RESULT_PREFIX } from "./child-result.js";
import { creatorHandles, plainTableSql } from "./order-export.js";

const WORKSPACE_NAME = "Import bench";
const SHOP_NAME = "Bench Shop";
const SHOP_EXTERNAL_ID = "7495000000000000999";
/** PGlite COPY reads its blob whole into memory: chunks of this size keep that bounded. */
const COPY_CHUNK_BYTES = 16 << 20;

const mb = (bytes: number) => bytes / 1024 / 1024;
let sampledPeak = process.memoryUsage().rss;
setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 100).unref();

interface Marks {
  parseCalledAt?: number;
  itemsDoneAt?: number;
  afterImportAt?: number;
  /** Time the importer waited for the parse worker's next row (reading and staging overlap). */
  parseMs: number;
  /** Highest RSS seen until the last row was read: what the streaming part costs, before facts are recomputed. */
  loopPeakRss?: number;
}

/** Wraps the worker parser: when it was opened, how long the importer waited for rows, when the last came. */
function timedParse(marks: Marks) {
  return async (
    path: string,
    options: Parameters<typeof parseExportForImport>[1],
    onProgress?: (rows: number) => void,
  ): Promise<ParsedExport> => {
    marks.parseCalledAt = performance.now();
    const parsed = await parseInWorker(path, options, onProgress);
    const inner = parsed.items[Symbol.asyncIterator]();
    async function* items(): AsyncGenerator<ParsedItem> {
      for (;;) {
        const t = performance.now();
        const next = await inner.next();
        marks.parseMs += performance.now() - t;
        if (next.done) {
          marks.itemsDoneAt = performance.now();
          marks.loopPeakRss = Math.max(sampledPeak, process.memoryUsage().rss);
          return;
        }
        yield next.value;
      }
    }
    return { ...parsed, items: items() };
  };
}

type Target = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

/** Migrations, the metric registry, one workspace, team and shop, and half the export's creators in the CRM. */
async function prepareMode(target: Target, creators: number) {
  const database = createDatabase(target);
  try {
    const { workspaceId, teamId } = await createBenchShop(database, {
      workspace: WORKSPACE_NAME,
      shop: SHOP_NAME,
      externalId: SHOP_EXTERNAL_ID,
    });
    // Creators known to the CRM get creator facts; the others are reported as unknown, as in real use.
    const handles = creatorHandles(creators).filter((_, i) => i % 2 === 0);
    await database.prisma.creator.createMany({
      data: handles.map((handle) => ({ workspaceId, teamId, handle, displayHandle: handle })),
    });
  } finally {
    await database.close();
  }
  return { rows: 0, ms: 0, startRss: process.memoryUsage().rss, detail: {} };
}

async function importMode(target: Target, file: string) {
  const database = createDatabase(target);
  try {
    const prisma = database.prisma;
    const workspace = await prisma.workspace.findFirstOrThrow({ where: { name: WORKSPACE_NAME } });
    const marks: Marks = { parseMs: 0 };
    const service = createImportService({
      prisma,
      copyFrom: database.copyFrom,
      clock: () => DateTime.utc(),
      log: silentLogger,
      parse: timedParse(marks),
      afterImport: async () => {
        marks.afterImportAt = performance.now();
      },
    });
    const startRss = process.memoryUsage().rss;
    const started = performance.now();
    const summary = await service.importFile({
      workspaceId: workspace.id,
      path: file,
      fileName: "bench-shop-orders.csv",
      shop: SHOP_NAME,
      onProgress: (p) => {
        if (p.rowsRead % 100_000 < 5000)
          process.stderr.write(
            `  ${target.kind}: ${p.phase} ${p.rowsRead.toLocaleString("en")} rows read, ${(p.rowsWritten ?? 0).toLocaleString("en")} staged\n`,
          );
      },
    });
    const ms = performance.now() - started;
    const at = (t: number | undefined) => (t === undefined ? null : t - started);
    return {
      rows: summary.rowsRead,
      ms,
      startRss,
      detail: {
        // Phases, ms from the start of importFile: stat + SHA-256 + shop lookup before the parser is opened; reading
        // and staging (the worker's parse overlapped with COPY) until the last item; the last COPY chunk, the claim,
        // the merge into OrderLine, facts, commit and the stage's release; the batch update.
        parserOpenedAt: at(marks.parseCalledAt),
        itemsDoneAt: at(marks.itemsDoneAt),
        committedAt: at(marks.afterImportAt),
        parseMs: marks.parseMs,
        loopPeakRssMb: marks.loopPeakRss === undefined ? null : mb(marks.loopPeakRss),
        summary: { ...summary, skips: summary.skips.slice(0, 5) },
      },
    };
  } finally {
    await database.close();
  }
}

// Configured as src/db/client.ts configures the embedded database, so both sides run the same PostgreSQL.
const openPglite = (dir: string) => new PGlite(dir, { postgresqlconf: "shared_buffers = 16MB" });

async function prepareCopyMode(dir: string) {
  const pg = openPglite(dir);
  try {
    await pg.exec(plainTableSql());
  } finally {
    await pg.close();
  }
  return { rows: 0, ms: 0, startRss: process.memoryUsage().rss, detail: {} };
}

async function copyMode(dir: string, file: string) {
  const pg = openPglite(dir);
  try {
    await pg.query("SELECT 1");
    const startRss = process.memoryUsage().rss;
    const started = performance.now();
    let chunks = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const copy = async (data: Buffer) => {
      // The file's header line is in the first chunk only.
      const sql = `COPY bench_plain FROM '/dev/blob' WITH (FORMAT csv${chunks === 0 ? ", HEADER" : ""})`;
      await pg.query(sql, [], { blob: new Blob([data]) });
      chunks++;
    };
    await pg.exec("BEGIN");
    for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) {
      pending.push(piece as Buffer);
      pendingBytes += (piece as Buffer).byteLength;
      if (pendingBytes < COPY_CHUNK_BYTES) continue;
      const all = Buffer.concat(pending);
      // Cut after the last line break: the generated file has no line breaks inside quoted cells.
      const cut = all.lastIndexOf(10) + 1;
      await copy(all.subarray(0, cut));
      pending = [all.subarray(cut)];
      pendingBytes = all.byteLength - cut;
    }
    if (pendingBytes > 0) await copy(Buffer.concat(pending));
    await pg.exec("COMMIT");
    const ms = performance.now() - started;
    const count = await pg.query<{ n: number }>("SELECT count(*)::int AS n FROM bench_plain");
    return { rows: count.rows[0]?.n ?? 0, ms, startRss, detail: { chunks, chunkMb: mb(COPY_CHUNK_BYTES) } };
  } finally {
    await pg.close();
  }
}

async function parseMode(file: string) {
  const startRss = process.memoryUsage().rss;
  const started = performance.now();
  const parsed = await parseExportForImport(file, { market: "GB", currency: "GBP" });
  let rows = 0;
  let skipped = 0;
  for await (const item of parsed.items) {
    rows++;
    if ("skip" in item) skipped++;
  }
  return { rows, ms: performance.now() - started, startRss, detail: { skipped } };
}

async function main() {
  const { values } = parseArgs({
    options: {
      mode: { type: "string" },
      db: { type: "string" },
      url: { type: "string" },
      dir: { type: "string" },
      file: { type: "string" },
      creators: { type: "string", default: "300" },
    },
  });
  const target = (): Target => {
    if (values.db === "postgres" && values.url) return { kind: "postgres", url: values.url };
    if (values.db === "pglite" && values.dir) return { kind: "pglite", dataDir: values.dir };
    throw new Error("--db postgres --url <url> or --db pglite --dir <dir> is required");
  };
  const needFile = () => {
    if (!values.file) throw new Error("--file is required");
    return values.file;
  };
  const needDir = () => {
    if (!values.dir) throw new Error("--dir is required");
    return values.dir;
  };
  let out: { rows: number; ms: number; startRss: number; detail: Record<string, unknown> };
  if (values.mode === "prepare") out = await prepareMode(target(), Number(values.creators));
  else if (values.mode === "import") out = await importMode(target(), needFile());
  else if (values.mode === "prepare-copy") out = await prepareCopyMode(needDir());
  else if (values.mode === "copy") out = await copyMode(needDir(), needFile());
  else if (values.mode === "parse") out = await parseMode(needFile());
  else throw new Error(`unknown --mode ${values.mode}`);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  const result: ChildResult = {
    mode: values.mode,
    rows: out.rows,
    ms: out.ms,
    // maxRSS is in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    sampledPeakMb: mb(sampledPeak),
    startRssMb: mb(out.startRss),
    detail: out.detail,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
