// Rows on disk between reading and writing: a file's parsed rows (written by the parse worker) or a sync's orders
// (fetched page by page from the Open API) are kept as JSON lines in a temporary file, so that everything slow or
// hostile about getting them happens before the import's transaction opens, in constant memory.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { ParsedItem } from "./parsed.js";

/** Spooled lines are written in pieces of about this many characters. */
const WRITE_CHARS = 1 << 16;

export interface Spool {
  path: string;
  /** Deletes the spool and its folder; safe to call twice. */
  dispose(): Promise<void>;
}

/** A fresh, empty spool in its own temporary folder. */
export async function createSpool(): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), "starling-spool-"));
  return { path: join(dir, "rows.jsonl"), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes every item to the spool, with backpressure (the disk, not the heap, holds them); returns how many. */
export async function writeSpool(
  path: string,
  items: AsyncIterable<ParsedItem>,
  onItem?: (count: number) => void,
): Promise<number> {
  const out = createWriteStream(path);
  try {
    let count = 0;
    let pending = "";
    for await (const item of items) {
      pending += `${JSON.stringify(item)}\n`;
      onItem?.(++count);
      if (pending.length >= WRITE_CHARS) {
        if (!out.write(pending)) await once(out, "drain");
        pending = "";
      }
    }
    out.end(pending);
    await once(out, "finish");
    return count;
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** The spooled items, in the order they were written. */
export async function* readSpool(path: string): AsyncGenerator<ParsedItem> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) if (line.length > 0) yield JSON.parse(line) as ParsedItem;
  } finally {
    lines.close();
  }
}
