// The worker thread that reads an export file (parse-in-worker.ts starts it): the whole parse runs here, under
// the heap limit the parent set, and the normalised rows are spooled to a file as JSON lines, so that nothing the
// file does (a zip bomb, a pathological cell reference, an exhausted heap) can stall or kill the server, and the
// import transaction opens only after the file was read to its end.
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { UserError } from "../domain/errors.js";
import { ExportError } from "./errors.js";
import { parseExportForImport } from "./parse-for-import.js";
import type { WorkerReply } from "./parse-in-worker.js";
import { writeSpool } from "./spool.js";

const input = z
  .object({
    path: z.string().min(1),
    spool: z.string().min(1),
    options: z.object({
      kind: z.enum(["orders", "affiliate_creators", "affiliate_videos", "live_sessions", "settlements"]).optional(),
      dateOrder: z.enum(["DMY", "MDY"]).optional(),
      market: z.string().max(64).optional(),
      currency: z.string().max(64).optional(),
    }),
  })
  .parse(workerData);

/** Progress goes to the parent every this many rows: often enough for a progress bar, rarely enough to be free. */
const PROGRESS_EVERY_ROWS = 5000;

const post = (reply: WorkerReply) => parentPort?.postMessage(reply);

async function run(): Promise<WorkerReply> {
  try {
    const parsed = await parseExportForImport(input.path, input.options);
    const rows = await writeSpool(input.spool, parsed.items, (count) => {
      if (count % PROGRESS_EVERY_ROWS === 0) post({ type: "progress", rows: count });
    });
    return { type: "done", kind: parsed.kind, notes: parsed.notes ?? [], rows };
  } catch (error) {
    if (error instanceof UserError)
      return { type: "refused", key: error.key, params: error.params, example: error.example ?? null };
    if (error instanceof ExportError)
      return { type: "refused", key: "import.not_an_export", params: { detail: error.message }, example: null };
    return { type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

post(await run());
