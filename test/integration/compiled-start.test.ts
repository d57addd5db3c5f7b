// `npm start` as a user runs it: the build into dist/, then plain `node` on the compiled JavaScript with a new
// embedded database. The demo is loaded (by the preparing child process), the playground answers, a file imports
// through the compiled parse worker, and no TypeScript compiler runs beside the server (tsx would keep an esbuild
// service process as its child).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "../support/app.js";
import { orderTable, sampleOrders, writeTable } from "../support/export-files.js";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");

/** The names of the processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): string[] {
  const names: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) names.push(stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
    } catch {
      // The process ended while we looked: not a child any more.
    }
  }
  return names;
}

describe("npm start from compiled output", () => {
  let dir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "starling-compiled-"));
    await run(process.execPath, ["scripts/build.mjs"], { cwd: ROOT });
    server = await startServerProcess(["--expose-gc", "dist/src/start.js"], {
      cwd: ROOT,
      env: { DATA_DIR: join(dir, "db"), DATABASE_URL: "", PORT: "0", HOST: "127.0.0.1" },
      timeoutMs: 170_000,
    });
  }, 180_000);

  afterAll(async () => {
    if (server && server.proc.exitCode === null) server.proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds JavaScript only, loads the demo in a child process and serves the playground", async () => {
    expect(existsSync(join(ROOT, "dist/src/start.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/prisma/migrations"))).toBe(true);
    expect(server.log()).toMatch(/loaded demo data: \d+ facts/);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const reply = await postJson(`${server.url}/api/playground/command`, { as: "sari", text: "/kpi" });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.body.messages)).toContain("GMV");
    // tsx would run an esbuild service as a child of the server; compiled, nothing compiles at run time.
    expect(childrenOf(server.proc.pid as number).filter((name) => name.includes("esbuild"))).toEqual([]);
  }, 60_000);

  it("stops on SIGTERM, and `npm run import` imports a file through the compiled parse worker", async () => {
    const exited = new Promise<number | null>((resolve) => server.proc.on("exit", (code) => resolve(code)));
    server.proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    const file = join(dir, "orders.csv");
    await writeTable(file, orderTable(sampleOrders(), { descriptionRow: true }), { format: "csv", bom: true });
    const imported = await run(process.execPath, ["dist/src/cli/import.js", file, "--shop", "GizmoHub Deals"], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: join(dir, "db"), DATABASE_URL: "" },
    });
    expect(imported.stdout).toContain("Imported orders.csv");
    expect(imported.stdout).toContain("4 rows read");
  }, 120_000);
});
