// The parse worker as a pipeline (parse-in-worker.ts): rows stream to the importer while the file is read, the
// worker never runs more than a few batches ahead of what the importer has taken (memory does not grow with the
// file), and a refusal half-way through reaches the importer where it happened, after the rows before it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseInWorker } from "../../src/imports/parse-in-worker.js";
import { BATCH_ITEMS, MAX_BATCHES_IN_FLIGHT } from "../../src/imports/worker-protocol.js";
import { writeHostileFile, writeOrderBenchCsv } from "../support/export-files.js";

const ROWS = 40_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "starling-pipeline-"));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("reads at most a few batches ahead of a slow importer, and hands over every row", async () => {
  const path = join(dir, "orders.csv");
  await writeOrderBenchCsv(path, ROWS);
  let read = 0;
  const parsed = await parseInWorker(path, { market: "GB", currency: "GBP" }, (rows) => {
    read = rows;
  });
  let taken = 0;
  let ahead = 0;
  try {
    for await (const item of parsed.items) {
      if ("order" in item) taken++;
      ahead = Math.max(ahead, read - taken);
      // An importer slower than the parser: the worker has to wait for it.
      if (taken % BATCH_ITEMS === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await parsed.dispose?.();
  }
  expect(taken).toBe(ROWS);
  expect(parsed.rowCount).toBe(ROWS);
  // The batches in flight, the one being taken and the one the worker is filling: never the whole file.
  expect(ahead).toBeLessThanOrEqual((MAX_BATCHES_IN_FLIGHT + 2) * BATCH_ITEMS);
}, 120_000);

it("throws a refusal half-way through at the row where it happened", async () => {
  const path = join(dir, "late.csv");
  await writeHostileFile(path, "huge-cell", 5_000);
  // Day first, as asked: without it every date of this file fits both ways, and the parser reads the whole file
  // for its dates (meeting the bad cell) before it hands over a row.
  const parsed = await parseInWorker(path, { market: "GB", currency: "GBP", dateOrder: "DMY" });
  let taken = 0;
  try {
    await expect(
      (async () => {
        for await (const item of parsed.items) if ("order" in item) taken++;
      })(),
    ).rejects.toMatchObject({ key: "import.limit.cell" });
  } finally {
    await parsed.dispose?.();
  }
  // The rows before it were handed over as they were read (all but the last batch, which the refusal cut short).
  expect(taken).toBeGreaterThanOrEqual(5_000 - 1_000);
  expect(taken).toBeLessThanOrEqual(5_000);
}, 60_000);
