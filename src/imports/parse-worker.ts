// The worker thread that reads an export file (parse-in-worker.ts starts it): the whole parse runs here, under
// the heap limit the parent set, so that nothing the file does (a zip bomb, a pathological cell reference, an
// exhausted heap) can stall or kill the server. The normalised rows go to the parent in batches as they are read,
// with bounded backpressure: at most MAX_BATCHES_IN_FLIGHT batches are on their way or waiting to be written, and
// the parse pauses until the parent has written one. The parent stages them while this thread reads on.
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { UserError } from "../domain/errors.js";
import { ExportError } from "./errors.js";
import { parseExportForImport } from "./parse-for-import.js";
import type { ParsedItem } from "./parsed.js";
import { BATCH_ITEMS, MAX_BATCHES_IN_FLIGHT, type ParentMessage, type WorkerReply } from "./worker-protocol.js";

const input = z
  .object({
    path: z.string().min(1),
    options: z.object({
      kind: z.enum(["orders", "affiliate_creators", "affiliate_videos", "live_sessions", "settlements"]).optional(),
      dateOrder: z.enum(["DMY", "MDY"]).optional(),
      market: z.string().max(64).optional(),
      currency: z.string().max(64).optional(),
    }),
  })
  .parse(workerData);

const post = (reply: WorkerReply) => parentPort?.postMessage(reply);

let inFlight = 0;
let wake: (() => void) | null = null;
parentPort?.on("message", (message: ParentMessage) => {
  if (message.type !== "credit") return;
  inFlight--;
  wake?.();
  wake = null;
});

/** Sends a batch, after waiting (without reading further) while the parent has too many to write. */
async function send(items: ParsedItem[], rows: number): Promise<void> {
  while (inFlight >= MAX_BATCHES_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
  inFlight++;
  post({ type: "items", items, rows });
}

async function run(): Promise<WorkerReply> {
  try {
    const parsed = await parseExportForImport(input.path, input.options);
    post({ type: "start", kind: parsed.kind });
    let rows = 0;
    let batch: ParsedItem[] = [];
    for await (const item of parsed.items) {
      rows++;
      batch.push(item);
      if (batch.length >= BATCH_ITEMS) {
        await send(batch, rows);
        batch = [];
      }
    }
    if (batch.length) await send(batch, rows);
    return { type: "done", notes: parsed.notes ?? [], rows };
  } catch (error) {
    if (error instanceof UserError)
      return { type: "refused", key: error.key, params: error.params, example: error.example ?? null };
    if (error instanceof ExportError)
      return { type: "refused", key: "import.not_an_export", params: { detail: error.message }, example: null };
    return { type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

post(await run());
// Nothing more to wait for: without a listener the port no longer keeps this thread alive, and it ends.
parentPort?.removeAllListeners("message");
