// Reads an export file in a worker thread with a heap limit (parse-worker.ts) and hands the importer its rows from
// the spool the worker wrote. The file is read to its end before this returns, outside any database transaction:
// a hostile file costs the worker bounded time and memory, is refused with its limit's message, and never blocks
// another command; a worker that runs out of heap or time is stopped and the member told the file is too complex.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { UserError } from "../domain/errors.js";
import type { MessageKey } from "../domain/i18n.js";
import type { ExportKind } from "./kinds.js";
import { PARSE_HEAP_MB, PARSE_TIMEOUT_MS } from "./limits.js";
import type { ParsedExport, ParseOptions } from "./parsed.js";
import { createSpool, readSpool } from "./spool.js";

/** What the worker posts: progress while reading, then one outcome. */
export type WorkerReply =
  | { type: "progress"; rows: number }
  | { type: "done"; kind: ExportKind; notes: string[]; rows: number }
  | { type: "refused"; key: MessageKey; params: Record<string, string | number>; example: string | null }
  | { type: "failed"; message: string };

export interface WorkerLimits {
  /** Old-generation heap of the worker, MB (PARSE_HEAP_MB). */
  heapMb?: number;
  /** Wall-clock time the parse may take (PARSE_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** Where the bundled worker is kept: inside the project, so that its imports of packages resolve from node_modules. */
const BUNDLE_DIR = new URL("../../node_modules/.cache/starling/", import.meta.url);
let bundle: Promise<URL | null> | undefined;

/**
 * Under tsx or vitest (this file is TypeScript), the worker's TypeScript bundled once per process into one
 * JavaScript file with esbuild (tsx's own compiler; packages stay imports): a worker then starts in tens of ms,
 * where registering tsx in each new thread costs ~0.6 s. The file is named by its content, so processes share it
 * and a changed source gets a new one. Null when esbuild cannot be loaded: the worker then loads through tsx.
 */
function bundledWorker(): Promise<URL | null> {
  bundle ??= (async () => {
    try {
      const { build } = await import("esbuild");
      const result = await build({
        entryPoints: [fileURLToPath(new URL("./parse-worker.ts", import.meta.url))],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        write: false,
        logLevel: "silent",
      });
      const code = result.outputFiles[0]?.contents;
      if (!code) return null;
      const url = new URL(
        `parse-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`,
        BUNDLE_DIR,
      );
      const path = fileURLToPath(url);
      if (!existsSync(path)) {
        await mkdir(fileURLToPath(BUNDLE_DIR), { recursive: true });
        // Written aside and renamed: a worker never starts from a half-written file of another process.
        const partial = `${path}.${process.pid}.tmp`;
        await writeFile(partial, code);
        await rename(partial, path);
      }
      return url;
    } catch {
      return null;
    }
  })();
  return bundle;
}

/**
 * The worker's entry: the bundle (or, without esbuild, a small JavaScript entry that loads the worker's
 * TypeScript through tsx) when this file is TypeScript; compiled to JavaScript, the worker's own file.
 */
async function workerEntry(): Promise<{ url: URL; entry: string }> {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { url: new URL("./parse-worker.js", here), entry: "" };
  const bundled = await bundledWorker();
  if (bundled) return { url: bundled, entry: "" };
  return { url: new URL("./parse-worker-boot.mjs", here), entry: new URL("./parse-worker.ts", here).href };
}

/** Runs the worker to its end: resolves with its outcome once the spool is complete. */
async function runWorker(
  path: string,
  spool: string,
  options: ParseOptions,
  limits: WorkerLimits,
  onProgress?: (rowsRead: number) => void,
): Promise<Extract<WorkerReply, { type: "done" }>> {
  const { url, entry } = await workerEntry();
  const timeoutMs = limits.timeoutMs ?? PARSE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, {
      workerData: { entry, path, spool, options },
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
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new UserError("import.too_slow", { minutes: Math.round(timeoutMs / 60_000) })));
      void worker.terminate();
    }, timeoutMs);
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "progress") onProgress?.(reply.rows);
      else if (reply.type === "done") settle(() => resolve(reply));
      else if (reply.type === "refused")
        settle(() => reject(new UserError(reply.key, reply.params, reply.example ?? undefined)));
      else settle(() => reject(new Error(`the import parser failed: ${reply.message}`)));
    });
    // An uncaught error in the worker: its heap ran out (ERR_WORKER_OUT_OF_MEMORY) or its stack did. Either way the
    // file asked for more than a file may, and the worker is gone; the server is not.
    worker.on("error", () => settle(() => reject(new UserError("import.too_complex"))));
    worker.on("exit", (code) => {
      settle(() =>
        reject(
          code === 0 ? new Error("the import parser exited without an answer") : new UserError("import.too_complex"),
        ),
      );
    });
  });
}

/**
 * The importer's parser: reads the whole file in a worker, then returns its rows from the spool. `dispose`
 * deletes the spool (the importer calls it when done, whatever happened).
 */
export async function parseInWorker(
  path: string,
  options: ParseOptions,
  onProgress?: (rowsRead: number) => void,
  limits: WorkerLimits = {},
): Promise<ParsedExport> {
  const spool = await createSpool();
  try {
    const done = await runWorker(path, spool.path, options, limits, onProgress);
    return {
      kind: done.kind,
      notes: done.notes,
      items: readSpool(spool.path),
      rowCount: done.rows,
      dispose: spool.dispose,
    };
  } catch (error) {
    await spool.dispose();
    throw error;
  }
}
