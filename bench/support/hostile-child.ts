// One measurement of bench/hostile-import.ts, in its own process so that its peak RSS is its own: a file imported
// into a PGlite database on disk through Starling's importer as the server runs it (the parse in its worker thread,
// then the one transaction). Modes:
//   --mode prepare --dir <dataDir> | --url <postgres url>   migrations, the metric registry, one workspace, team, shop
//   --mode import (same --dir or --url) --file <export>     importFile on the file, timed; a refusal is an outcome
//                 [--in-process]                  the parse on the main thread instead of the worker (comparison)
// Prints one line "@@result <json>" on stdout (child-result.ts), its detail saying what became of the file.
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { createDatabase } from "../../src/db/client.js";
import { UserError } from "../../src/domain/errors.js";
import { parseExportForImport } from "../../src/imports/parse-for-import.js";
import { parseInWorker } from "../../src/imports/parse-in-worker.js";
import { createImportService } from "../../src/imports/service.js";
import { silentLogger } from "../../src/log.js";
import { createBenchShop } from "./bench-shop.js";
import { type ChildResult, RESULT_PREFIX } from "./child-result.js";

const { values: opts } = parseArgs({
  options: {
    mode: { type: "string" },
    dir: { type: "string" },
    url: { type: "string" },
    file: { type: "string" },
    /** Parse on the main thread (as before the worker), for comparison. */
    "in-process": { type: "boolean", default: false },
  },
});
if (!opts.dir && !opts.url) throw new Error("--dir (PGlite) or --url (PostgreSQL) is required");
const database = createDatabase(
  opts.url ? { kind: "postgres", url: opts.url } : { kind: "pglite", dataDir: opts.dir as string },
);
let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 100);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

try {
  let result: Omit<ChildResult, "maxRssMb" | "sampledPeakMb">;
  if (opts.mode === "prepare") {
    await createBenchShop(database, {
      workspace: "Hostile bench",
      shop: "Bench Shop",
      externalId: "7495000000000000998",
    });
    result = { mode: "prepare", rows: 0, ms: 0, startRssMb: mb(process.memoryUsage().rss), detail: {} };
  } else {
    if (!opts.file) throw new Error("--file is required");
    const prisma = database.prisma;
    const workspace = await prisma.workspace.findFirstOrThrow({ where: { name: "Hostile bench" } });
    const service = createImportService({
      prisma,
      copyFrom: database.copyFrom,
      clock: () => DateTime.utc(),
      log: silentLogger,
      parse: opts["in-process"] ? parseExportForImport : parseInWorker,
      afterImport: async () => {},
    });
    const startRss = process.memoryUsage().rss;
    const started = performance.now();
    let outcome: string;
    let rows = 0;
    try {
      const summary = await service.importFile({
        workspaceId: workspace.id,
        path: opts.file,
        fileName: "bench-shop-orders",
        shop: "Bench Shop",
        parseOptions: { dateOrder: "DMY" },
      });
      rows = summary.rowsRead;
      outcome = `imported ${summary.imported.toLocaleString("en")}`;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      outcome = `refused: ${error.key}`;
    }
    const ms = performance.now() - started;
    result = { mode: "import", rows, ms, startRssMb: mb(startRss), detail: { outcome } };
  }
  const full: ChildResult = {
    ...result,
    // maxRSS is in kilobytes.
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    sampledPeakMb: mb(sampledPeak),
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(full)}\n`);
} finally {
  clearInterval(sampler);
  await database.close();
}
