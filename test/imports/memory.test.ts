// Constant memory: parsing a ~200k-row, ~55-column order export (~150 MB) must not hold the file. The bound is
// loose on purpose (tens of MB against the hundreds a loaded file would take); no timing is asserted.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseExport } from "../../src/imports/export-parser.js";
import { writeOrderBenchCsv } from "../support/export-files.js";

const ROWS = 200_000;
let dir: string;
let path: string;

// A collection before each sample measures live data, not garbage not yet collected.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "starling-memory-"));
  path = join(dir, "orders.csv");
  await writeOrderBenchCsv(path, ROWS);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("parses a 200k-row order export with small heap growth", async () => {
  const size = (await stat(path)).size;
  expect(size).toBeGreaterThan(100e6);
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let records = 0;
  let skipped = 0;
  const parsed = await parseExport(path, { kind: "orders" });
  for await (const item of parsed.records) {
    if (item.type === "record") records++;
    else skipped++;
    if ((records + skipped) % 25_000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
  }
  expect(records).toBe(ROWS);
  expect(skipped).toBe(1); // the description row
  expect(peak).toBeLessThan(48 * 1024 * 1024);
}, 120_000);
