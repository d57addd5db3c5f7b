// `npm run import` from a terminal, as a real child process on both databases: the summary, the rows in the
// database, the same file twice, a wrong argument, and a hostile file (refused with its limit's message).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/client.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS, emptyDatabaseConfig } from "../support/databases.js";
import { orderTable, sampleOrders, writeHostileFile, writeTable } from "../support/export-files.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");

describe.each(DATABASE_KINDS)("npm run import on %s", (kind) => {
  let dir: string;
  let env: Record<string, string>;
  let db: Database;
  let file: string;

  const importCli = (...args: string[]) =>
    run("npx", ["tsx", "src/cli/import.ts", ...args], { cwd: ROOT, env: { ...process.env, ...env } }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "starling-cli-"));
    // On disk for PGlite: the CLI is another process, so the database must outlive the app that seeded it.
    const database =
      kind === "pglite" ? { kind: "pglite" as const, dataDir: join(dir, "db") } : await emptyDatabaseConfig(kind);
    const app = await startTestApp(kind, { database });
    await app.stop();
    env =
      database.kind === "pglite" ? { DATA_DIR: database.dataDir, DATABASE_URL: "" } : { DATABASE_URL: database.url };
    db = createDatabase(database);
    file = join(dir, "orders.csv");
    await writeTable(file, orderTable(sampleOrders(), { descriptionRow: true, trailingTabs: true }), {
      format: "csv",
      bom: true,
    });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports a file into the named shop and prints the summary; the same file again changes nothing", async () => {
    // The CLI and this test must not hold the embedded database at the same time.
    if (kind === "pglite") await db.close();
    const first = await importCli(file, "--shop", "GizmoHub Deals");
    expect(first.stdout).toContain("Imported orders.csv");
    expect(first.stdout).toContain("4 rows read");
    expect(first.stdout).toContain("4 imported (4 new, 0 updated)");
    const again = await importCli(file, "--shop", "7495000000000000302");
    expect(again.stdout).toContain("already imported into GizmoHub Deals");
    if (kind === "pglite") db = createDatabase({ kind: "pglite", dataDir: env.DATA_DIR as string });
    expect(await db.prisma.orderLine.count()).toBe(4);
  }, 120_000);

  it("explains a wrong argument with an example and exit code 2", async () => {
    if (kind === "pglite") await db.close();
    // Another file: the one imported above would be answered "already imported" whatever shop is named.
    const other = join(dir, "other.csv");
    await writeTable(other, orderTable(sampleOrders().slice(0, 1)), { format: "csv" });
    const bad = (await importCli(other, "--shop", "No Such Shop")) as { code: number; stderr: string };
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('No shop "No Such Shop"');
    expect(bad.stderr).toContain("Example: npm run import -- orders.csv --shop");
    const missing = (await importCli()) as { code: number; stderr: string };
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("usage: npm run import -- <file>");
    if (kind === "pglite") db = createDatabase({ kind: "pglite", dataDir: env.DATA_DIR as string });
  }, 120_000);

  it("refuses a hostile file with the limit's message and exit code 2, writing nothing", async () => {
    if (kind === "pglite") await db.close();
    const hostile = join(dir, "GizmoHub Deals far.xlsx");
    await writeHostileFile(hostile, "far-reference");
    const refused = (await importCli(hostile, "--shop", "GizmoHub Deals")) as { code: number; stderr: string };
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("goes past column XFD (16,384)");
    expect(refused.stderr).toContain("Nothing was imported");
    if (kind === "pglite") db = createDatabase({ kind: "pglite", dataDir: env.DATA_DIR as string });
    expect(await db.prisma.importBatch.count({ where: { fileName: "GizmoHub Deals far.xlsx" } })).toBe(0);
  }, 120_000);

  it("takes --complete-through for a file whose export range ended on a day, and refuses a day not over", async () => {
    if (kind === "pglite") await db.close();
    // Orders of 2 and 14 June 2024; the export ran through 20 June (no order after the 14th): every day to the 20th
    // is whole, the quiet ones too. Without the flag the 14th would not be (the file reaches no later day).
    const june = join(dir, "june.csv");
    const orders = sampleOrders().filter((o) => o.created.startsWith("2024-06"));
    await writeTable(june, orderTable(orders), { format: "csv" });
    const notOver = (await importCli(june, "--shop", "GizmoHub Deals", "--complete-through", "2099-12-31")) as {
      code: number;
      stderr: string;
    };
    expect(notOver.code).toBe(2);
    expect(notOver.stderr).toContain("2099-12-31 is not over yet for GizmoHub Deals");
    expect(notOver.stderr).toContain("Nothing was imported");
    const badDate = (await importCli(june, "--complete-through", "2024-06-31")) as { code: number; stderr: string };
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("complete-through: must be a real date");
    const done = await importCli(june, "--shop", "GizmoHub Deals", "--complete-through", "2024-06-20");
    expect(done.stdout).toContain("Imported june.csv");
    if (kind === "pglite") db = createDatabase({ kind: "pglite", dataDir: env.DATA_DIR as string });
    const shop = await db.prisma.shop.findFirstOrThrow({ where: { name: "GizmoHub Deals" } });
    const days = await db.prisma.sourceDay.findMany({
      where: { shopId: shop.id, source: "export", date: { gte: new Date("2024-06-01T00:00:00Z") } },
      orderBy: { date: "asc" },
    });
    const complete = days.filter((d) => d.complete).map((d) => d.date.toISOString().slice(0, 10));
    // The first file (31 May–14 June) had proven through 13 June; the declaration adds its last day and the quiet
    // days after it, through the 20th and no further.
    expect(complete.filter((d) => d >= "2024-06-13")).toEqual([
      "2024-06-13",
      "2024-06-14",
      "2024-06-15",
      "2024-06-16",
      "2024-06-17",
      "2024-06-18",
      "2024-06-19",
      "2024-06-20",
    ]);
  }, 120_000);
});
