// Reads an export file in a worker thread with a heap limit (parse-worker.ts) and hands the importer its rows as
// the worker reads them, with bounded backpressure, outside any database transaction: a hostile file costs the
// worker bounded time and memory, is refused with its limit's message, and never blocks another command; a worker
// that runs out of heap or time is stopped and the member told the file is too complex.
import { Worker } from "node:worker_threads";
import { UserError } from "../domain/errors.js";
import { workerEntry } from "../workers/worker-entry.js";
import type { ExportKind } from "./kinds.js";
import { PARSE_HEAP_MB, PARSE_TIMEOUT_MS } from "./limits.js";
import type { ParsedExport, ParsedItem, ParseOptions } from "./parsed.js";
import { MAX_BATCHES_IN_FLIGHT, type ParentMessage, type WorkerReply } from "./worker-protocol.js";

export interface WorkerLimits {
  /** Old-generation heap of the worker, MB (PARSE_HEAP_MB). */
  heapMb?: number;
  /** Wall-clock time the parse may take (PARSE_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * The importer's parser: starts the worker and resolves once it has read the header (the export's kind known), or
 * rejects with the file's refusal. The rows then stream from the worker as it reads: `items` yields them batch by
 * batch, and each batch the importer has taken lets the worker send another (at most MAX_BATCHES_IN_FLIGHT wait
 * here, whatever the file's size). A refusal or failure half-way through is thrown by `items` at that point.
 * `dispose` stops the worker (the importer calls it when done, whatever happened).
 */
export async function parseInWorker(
  path: string,
  options: ParseOptions,
  onProgress?: (rowsRead: number) => void,
  limits: WorkerLimits = {},
): Promise<ParsedExport> {
  const { url, entry } = await workerEntry(import.meta.url, "parse-worker");
  const timeoutMs = limits.timeoutMs ?? PARSE_TIMEOUT_MS;
  const worker = new Worker(url, {
    workerData: { entry, path, options },
    resourceLimits: {
      maxOldGenerationSizeMb: limits.heapMb ?? PARSE_HEAP_MB,
      // Rows are short-lived: a small young generation keeps each scavenge cheap.
      maxYoungGenerationSizeMb: 16,
      stackSizeMb: 4,
    },
    // The worker's output is ours to report; it never prints.
    stdout: false,
    stderr: false,
  });
  const batches: ParsedItem[][] = [];
  /** Batches received and not yet credited back (queued here, or being written): the worker waits at the cap. */
  let unacknowledged = 0;
  const notes: string[] = [];
  let outcome: { done: true; rows: number } | { error: unknown } | null = null;
  let started: (kind: ExportKind) => void = () => {};
  let failedToStart: (error: unknown) => void = () => {};
  const start = new Promise<ExportKind>((resolve, reject) => {
    started = resolve;
    failedToStart = reject;
  });
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const finish = (result: { done: true; rows: number } | { error: unknown }) => {
    if (outcome) return;
    outcome = result;
    timer.stop();
    if ("error" in result) {
      failedToStart(result.error);
      void worker.terminate();
    }
    notify();
  };

  // The time limit counts the worker's own reading: while it waits for the importer to write (MAX_BATCHES_IN_FLIGHT
  // batches not credited back yet), the clock stops, so a slow database never makes a good file "too slow".
  const timer = (() => {
    let left = timeoutMs;
    let since = 0;
    let handle: NodeJS.Timeout | undefined;
    const expire = () =>
      finish({ error: new UserError("import.too_slow", { minutes: Math.round(timeoutMs / 60_000) }) });
    return {
      run() {
        if (handle || outcome) return;
        since = Date.now();
        handle = setTimeout(expire, left);
      },
      pause() {
        if (!handle) return;
        clearTimeout(handle);
        handle = undefined;
        left -= Date.now() - since;
      },
      stop() {
        clearTimeout(handle);
        handle = undefined;
      },
    };
  })();
  timer.run();

  worker.on("message", (reply: WorkerReply) => {
    if (outcome) return;
    if (reply.type === "start") started(reply.kind);
    else if (reply.type === "items") {
      batches.push(reply.items);
      unacknowledged++;
      onProgress?.(reply.rows);
      if (unacknowledged >= MAX_BATCHES_IN_FLIGHT) timer.pause();
      notify();
    } else if (reply.type === "done") {
      notes.push(...reply.notes);
      finish({ done: true, rows: reply.rows });
    } else if (reply.type === "refused")
      finish({ error: new UserError(reply.key, reply.params, reply.example ?? undefined) });
    else finish({ error: new Error(`the import parser failed: ${reply.message}`) });
  });
  // An uncaught error in the worker: its heap ran out (ERR_WORKER_OUT_OF_MEMORY) or its stack did. Either way the
  // file asked for more than a file may, and the worker is gone; the server is not.
  worker.on("error", () => finish({ error: new UserError("import.too_complex") }));
  worker.on("exit", (code) =>
    finish({
      error: code === 0 ? new Error("the import parser exited without an answer") : new UserError("import.too_complex"),
    }),
  );

  const dispose = async () => {
    finish({ error: new Error("the import stopped reading") });
    await worker.terminate();
  };
  let kind: ExportKind;
  try {
    kind = await start;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  async function* items(): AsyncGenerator<ParsedItem> {
    try {
      for (;;) {
        const batch = batches.shift();
        if (batch) {
          yield* batch;
          // Taken and written: the worker may send the next one, and its clock runs again.
          worker.postMessage({ type: "credit" } satisfies ParentMessage);
          if (--unacknowledged < MAX_BATCHES_IN_FLIGHT) timer.run();
          continue;
        }
        const end = outcome as { done: true; rows: number } | { error: unknown } | null;
        if (end && "error" in end) throw end.error;
        if (end) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      // Stopped early (an error while writing) or done: the worker has nothing more to do.
      if (!outcome || "error" in outcome) await dispose();
    }
  }

  return {
    kind,
    notes,
    items: items(),
    get rowCount() {
      return outcome && "done" in outcome ? outcome.rows : undefined;
    },
    dispose,
  };
}
