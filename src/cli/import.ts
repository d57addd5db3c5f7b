// npm run import -- <file> [--shop <name or Seller Center id>] [--dates DMY|MDY] [--kind orders|...]
//                  [--complete-through yyyy-MM-dd]
// Imports a TikTok Shop Seller Center export into the database DATABASE_URL (or DATA_DIR) names, with a progress bar
// on stderr and the summary at the end. The same code as a file sent in chat; the anomaly scan runs at the next
// scheduled scan (or /alert scan), since the command line reaches no chat platform to post alerts to.
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { z } from "zod";
import { plainText } from "../chat/message.js";
import { createDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { UserError } from "../domain/errors.js";
import { t } from "../domain/i18n.js";
import { parseIsoDate } from "../domain/periods.js";
import { likeLiteral } from "../domain/text.js";
import { parseInWorker } from "../imports/parse-in-worker.js";
import { renderImportSummary } from "../imports/render.js";
import { createImportService, type ImportProgress } from "../imports/service.js";
import { createLogger } from "../log.js";
import { configOrExplain } from "./config.js";

const USAGE =
  'usage: npm run import -- <file> [--shop "GizmoHub Deals"] [--dates DMY|MDY] [--kind orders] [--complete-through 2026-12-02]';

const argsSchema = z.object({
  file: z.string().min(1),
  shop: z.string().optional(),
  dates: z.enum(["DMY", "MDY"]).optional(),
  kind: z.enum(["orders", "affiliate_creators", "affiliate_videos", "live_sessions", "settlements"]).optional(),
  /** The file holds every order of the shop through this day (its export range ended there). */
  "complete-through": z
    .string()
    .refine((d) => parseIsoDate(d) !== null, "must be a real date yyyy-MM-dd in the years 2000–2100, e.g. 2026-12-02")
    .optional(),
});

function progressBar(p: ImportProgress): string {
  // Reading and writing overlap: both counts, until the file is read and its rows are written in one transaction.
  if (p.phase === "reading" && p.rowsWritten !== undefined)
    return `\r${p.rowsRead.toLocaleString("en-US")} rows read, ${p.rowsWritten.toLocaleString("en-US")} written`;
  if (p.phase === "writing") return `\r${p.rowsRead.toLocaleString("en-US")} rows read, now writing them…`;
  if (p.bytesRead === null || !p.totalBytes) return `\r${p.rowsRead.toLocaleString("en-US")} rows read`;
  const share = Math.min(1, p.bytesRead / p.totalBytes);
  const width = 30;
  const done = Math.round(share * width);
  return `\r[${"#".repeat(done)}${".".repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.rowsRead.toLocaleString("en-US")} rows`;
}

async function main(argv: string[]): Promise<number> {
  let parsed: z.infer<typeof argsSchema>;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        shop: { type: "string" },
        dates: { type: "string" },
        kind: { type: "string" },
        "complete-through": { type: "string" },
      },
    });
    parsed = argsSchema.parse({ file: positionals[0], ...values });
  } catch (error) {
    console.error(
      `${error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ") : (error as Error).message}\n${USAGE}`,
    );
    return 2;
  }
  const config = configOrExplain();
  if (!config) return 1;
  const log = createLogger(config.logLevel);
  const db = createDatabase(config.database);
  try {
    await migrate(db.sql);
    const workspaces = await db.prisma.workspace.findMany({ select: { id: true, name: true } });
    const imports = createImportService({
      prisma: db.prisma,
      copyFrom: db.copyFrom,
      clock: () => DateTime.utc(),
      log,
      parse: parseInWorker,
      afterImport: async () => {},
    });
    // A shop name is unique enough to pick the workspace; with one workspace there is nothing to pick.
    let workspaceId = workspaces.length === 1 ? workspaces[0]?.id : undefined;
    if (!workspaceId && parsed.shop) {
      const shop = await db.prisma.shop.findFirst({
        where: {
          OR: [{ externalId: parsed.shop }, { name: { equals: likeLiteral(parsed.shop), mode: "insensitive" } }],
        },
      });
      workspaceId = shop?.workspaceId;
    }
    if (!workspaceId) {
      console.error(`Name the shop with --shop: there are ${workspaces.length} workspaces.\n${USAGE}`);
      return 2;
    }
    const started = Date.now();
    const summary = await imports.importFile({
      workspaceId,
      path: parsed.file,
      fileName: basename(parsed.file),
      shop: parsed.shop,
      parseOptions: { dateOrder: parsed.dates, kind: parsed.kind },
      completeThrough: parsed["complete-through"],
      onProgress: (p) => process.stderr.write(progressBar(p)),
    });
    process.stderr.write("\n");
    console.log(plainText(renderImportSummary(summary, "en").blocks));
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`${t("en", error.key, error.params)}${error.example ? `\nExample: ${error.example}` : ""}`);
      return 2;
    }
    console.error(error);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
