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
});
