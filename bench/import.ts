// Benchmark of the Seller Center order import (issue: "1,000,000 order rows generated in the real export format:
// rows per second into PostgreSQL against COPY of the same rows into a plain table in the same run (target: at
// least half of COPY's rate), and peak RSS (target: under 300 MB); the same on PGlite.").
//
//   npx tsx bench/import.ts [--rows 1000000] [--db postgres|pglite|both] [--creators 300] [--seed 20261122]
//
// Writes the export (bench/support/order-export.ts) and a copy without its description row for COPY, then per
// database:
//   - PostgreSQL (a throwaway server): COPY of the copy file into a plain all-text table with psql's \copy, then
//     Starling's importer (src/imports/service.ts importFile, as the server runs it: the parse worker streaming
//     rows while they are staged with COPY, then one transaction) on the export, in a child process;
//   - PGlite (on disk, configured as src/db/client.ts does): the same COPY (in 16 MB blobs, one transaction) in one
//     child process, then the importer in another.
// Each child's peak RSS is its own (getrusage, and a 100 ms sampler); a CHECKPOINT before each timed PostgreSQL
// run keeps one's dirty pages from being written during the other. A parse-only pass of the export (no database)
// shows how much of the importer's time is the parser. On PostgreSQL the same file then goes through the compiled
// `npm run import` (node dist/src/cli/import.js) into a fresh database: the whole process, as production runs it. Prints the figures, no assertions; everything is removed
// afterwards.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { type PostgresServer, startPostgres } from "../test/support/postgres-server.js";
import { positive } from "./support/args.js";
import { type ChildResult, readResult } from "./support/child-result.js";
import { type OrderExportFile, plainTableSql, writeCopyFile, writeOrderExport } from "./support/order-export.js";

const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 300;
const PSQL = "/usr/lib/postgresql/15/bin/psql";
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "support", "import-child.ts");

const { values: opts } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    db: { type: "string", default: "both" },
    seed: { type: "string", default: "20261122" },
    /** Creators the export attributes video and LIVE orders to; every other one is in the CRM (creator facts). */
    creators: { type: "string", default: "300" },
  },
});
const rows = positive("rows", opts.rows);
const seed = positive("seed", opts.seed, 0);
const creators = positive("creators", opts.creators, 0);
if (!["postgres", "pglite", "both"].includes(opts.db ?? "")) throw new Error(`--db expects postgres, pglite or both`);
const databases = (opts.db === "both" ? ["postgres", "pglite"] : [opts.db]) as ("postgres" | "pglite")[];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const thousands = (n: number) => n.toLocaleString("en");
const fileMb = (bytes: number) => bytes / 1024 / 1024;

let running: ChildProcess | undefined;

/** Runs a measurement child (bench/support/import-child.ts) under tsx; its progress goes to our stderr. */
function child(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    running = proc;
    let out = "";
    proc.stdout?.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    proc.on("error", reject);
    proc.on("close", (code) => {
      running = undefined;
      const result = readResult(out);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`child ${args.join(" ")} exited ${code}:\n${out}`));
    });
  });
}

interface CopyRun {
  rows: number;
  ms: number;
  /** Peak RSS of the process doing the COPY (psql on PostgreSQL, the whole PGlite child on PGlite). */
  rssMb: number | null;
}

/** \copy through psql, timed from spawn to exit; /usr/bin/time reports psql's own peak RSS. */
function psqlCopy(url: string, file: string, rssFile: string): Promise<CopyRun> {
  const u = new URL(url);
  const copy = `\\copy bench_plain FROM '${file}' WITH (FORMAT csv, HEADER)`;
  const args = ["-h", u.hostname, "-p", u.port, "-U", u.username, "-d", u.pathname.slice(1), "-v", "ON_ERROR_STOP=1"];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn("/usr/bin/time", ["-f", "%M", "-o", rssFile, PSQL, ...args, "-c", copy], {
      env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running = proc;
    let out = "";
    proc.stdout?.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    proc.stderr?.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    proc.on("error", reject);
    proc.on("close", (code) => {
      running = undefined;
      const ms = performance.now() - started;
      const copied = /COPY (\d+)/.exec(out);
      if (code !== 0 || !copied) return reject(new Error(`psql \\copy failed (${code}): ${out}`));
      const kb = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
      resolve({ rows: Number(copied[1]), ms, rssMb: Number.isFinite(kb) ? kb / 1024 : null });
    });
  });
}

interface DbRun {
  database: string;
  ours: ChildResult;
  copy: CopyRun;
  /** The same file through `npm run import` as production runs it (compiled, no tsx), on a fresh database. */
  cli?: CopyRun;
}

/**
 * `node dist/src/cli/import.js` (what `npm run import` runs) on the same file into a second, freshly prepared
 * database: the whole process from spawn to exit (start-up, import, exit), with its own peak RSS. The measurement
 * child above runs under tsx, whose compiler and caches are in its memory; production runs compiled JavaScript.
 */
async function compiledCli(
  server: PostgresServer,
  file: OrderExportFile,
  tmp: string,
  copy: CopyRun,
): Promise<CopyRun> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE starling_bench_cli").finally(() => admin.end());
  const url = server.urlFor("starling_bench_cli");
  await child(["--mode", "prepare", "--db", "postgres", "--url", url, "--creators", String(creators)]);
  const root = path.resolve(path.dirname(CHILD), "..", "..");
  const build = spawn(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: root, stdio: "inherit" });
  await new Promise((resolve) => build.on("close", resolve));
  const rssFile = path.join(tmp, "cli-rss");
  console.log("PostgreSQL: compiled npm run import …");
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(
      "/usr/bin/time",
      ["-f", "%M", "-o", rssFile, process.execPath, "dist/src/cli/import.js", file.path, "--shop", "Bench Shop"],
      { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] },
    );
    running = proc;
    let out = "";
    proc.stdout?.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    proc.stderr?.setEncoding("utf8").on("data", () => {});
    proc.on("close", (code) => {
      running = undefined;
      const ms = performance.now() - started;
      if (code !== 0 || !out.includes("Imported")) return reject(new Error(`npm run import failed (${code}): ${out}`));
      const kb = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
      const run = { rows: copy.rows, ms, rssMb: Number.isFinite(kb) ? kb / 1024 : null };
      console.log(
        `PostgreSQL: compiled npm run import, whole process: ${seconds(ms)} = ${(copy.ms / ms).toFixed(2)}× COPY's rate, ` +
          `peak RSS ${run.rssMb?.toFixed(0) ?? "-"} MB (/usr/bin/time)`,
      );
      resolve(run);
    });
  });
}

async function runPostgres(
  file: OrderExportFile,
  copyFile: string,
  tmp: string,
  onServer: (s: PostgresServer) => void,
) {
  let t = performance.now();
  const server = await startPostgres();
  onServer(server);
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE starling_bench").finally(() => admin.end());
  const url = server.urlFor("starling_bench");
  console.log(`PostgreSQL up in ${seconds(performance.now() - t)}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(plainTableSql());
    await client.query("CHECKPOINT");
    console.log("PostgreSQL: COPY …");
    const copy = await psqlCopy(url, copyFile, path.join(tmp, "psql-rss"));
    await client.query("CHECKPOINT");
    console.log(`PostgreSQL: COPY ${thousands(copy.rows)} rows in ${seconds(copy.ms)}; Starling import …`);
    t = performance.now();
    await child(["--mode", "prepare", "--db", "postgres", "--url", url, "--creators", String(creators)]);
    const ours = await child(["--mode", "import", "--db", "postgres", "--url", url, "--file", file.path]);
    console.log(`PostgreSQL: import done (child ran ${seconds(performance.now() - t)} with setup)`);
    const cli = await compiledCli(server, file, tmp, copy);
    return { database: "PostgreSQL 15", ours, copy, cli };
  } finally {
    await client.end();
  }
}

async function runPglite(file: OrderExportFile, copyFile: string, tmp: string): Promise<DbRun> {
  console.log("PGlite: COPY …");
  await child(["--mode", "prepare-copy", "--dir", path.join(tmp, "pglite-copy")]);
  const copied = await child(["--mode", "copy", "--dir", path.join(tmp, "pglite-copy"), "--file", copyFile]);
  rmSync(path.join(tmp, "pglite-copy"), { recursive: true, force: true });
  const copy = { rows: copied.rows, ms: copied.ms, rssMb: copied.maxRssMb };
  console.log(
    `PGlite: COPY ${thousands(copy.rows)} rows in ${seconds(copy.ms)} (${copied.detail.chunks} blobs); Starling import …`,
  );
  const dir = path.join(tmp, "pglite-import");
  await child(["--mode", "prepare", "--db", "pglite", "--dir", dir, "--creators", String(creators)]);
  const ours = await child(["--mode", "import", "--db", "pglite", "--dir", dir, "--file", file.path]);
  return { database: "PGlite (disk)", ours, copy };
}

function printTable(runs: DbRun[]) {
  const header = [
    "database",
    "rows",
    "ours rows/s",
    "COPY rows/s",
    "ours/COPY",
    `≥${TARGET_RATIO}`,
    "ours peak RSS MB (rusage / sampled)",
    `<${TARGET_RSS_MB}MB`,
    "COPY peak RSS MB",
  ];
  const lines = runs.map((r) => {
    const ours = perSecond(r.ours.rows, r.ours.ms);
    const copy = perSecond(r.copy.rows, r.copy.ms);
    const ratio = ours / copy;
    const rss = Math.max(r.ours.maxRssMb, r.ours.sampledPeakMb);
    return [
      r.database,
      thousands(r.ours.rows),
      thousands(ours),
      thousands(copy),
      ratio.toFixed(2),
      ratio >= TARGET_RATIO ? "yes" : "NO",
      `${r.ours.maxRssMb.toFixed(0)} / ${r.ours.sampledPeakMb.toFixed(0)}`,
      rss < TARGET_RSS_MB ? "yes" : "NO",
      r.copy.rssMb === null ? "-" : `${r.copy.rssMb.toFixed(0)}${r.database.startsWith("PostgreSQL") ? " (psql)" : ""}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(`\n${fmt(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const l of lines) console.log(fmt(l));
}

/** Where the importer's time goes, from the marks the child took around the parser. */
function printPhases(r: DbRun, file: OrderExportFile, parseOnly: ChildResult) {
  const d = r.ours.detail as {
    parserOpenedAt: number | null;
    itemsDoneAt: number | null;
    committedAt: number | null;
    parseMs: number;
    loopPeakRssMb: number | null;
    summary: {
      imported: number;
      created: number;
      updated: number;
      skipped: number;
      facts: number;
      unknownCreators: string[];
    };
  };
  const opened = d.parserOpenedAt ?? 0;
  const done = d.itemsDoneAt ?? opened;
  const committed = d.committedAt ?? r.ours.ms;
  const load = done - opened;
  console.log(
    `\n${r.database}: import ${seconds(r.ours.ms)} (${fileMb(file.bytes / (r.ours.ms / 1000)).toFixed(1)} MB/s; COPY ${seconds(r.copy.ms)}, ` +
      `${fileMb(file.bytes / (r.copy.ms / 1000)).toFixed(1)} MB/s). Imported ${thousands(d.summary.imported)} ` +
      `(${thousands(d.summary.created)} new), skipped ${d.summary.skipped}, facts ${thousands(d.summary.facts)}.`,
  );
  console.log(
    `  stat + SHA-256 + shop lookup ${seconds(opened)}; reading and staging ${seconds(load)} (parse worker and ` +
      `COPY overlapped; waiting for the worker's rows ${seconds(d.parseMs)}, encoding and COPY ` +
      `${seconds(load - d.parseMs)}; parse-only pass ${seconds(parseOnly.ms)}); last COPY chunk + claim + merge + ` +
      `facts + commit ${seconds(committed - done)}; import batch update + stage release ${seconds(r.ours.ms - committed)}`,
  );
  console.log(
    `  RSS: ${r.ours.startRssMb.toFixed(0)} MB with the database open, ${d.loopPeakRssMb?.toFixed(0) ?? "-"} MB at most ` +
      `until the last row was read, peak ${r.ours.maxRssMb.toFixed(0)} MB (rusage), ` +
      `${r.ours.sampledPeakMb.toFixed(0)} MB (100 ms samples)`,
  );
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(path.join(tmpdir(), "starling-import-bench-"));
  let server: PostgresServer | undefined;
  const stop = () => {
    running?.kill("SIGKILL");
    try {
      server?.stop();
    } catch (e) {
      console.error("could not stop PostgreSQL:", e);
    }
    server = undefined;
    rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = () => {
    stop();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    console.log(`Starling import benchmark: ${thousands(rows)} order rows, ${databases.join(" + ")}`);
    const file = await writeOrderExport(path.join(tmp, "bench-shop-orders.csv"), { rows, seed, creators });
    const copyFile = path.join(tmp, "bench-shop-orders-copy.csv");
    await writeCopyFile(file, copyFile);
    console.log(
      `Export: ${thousands(file.rows)} rows, ${thousands(file.orders)} orders, ${fileMb(file.bytes).toFixed(1)} MB ` +
        `(${(file.bytes / file.rows).toFixed(0)} B/row), written in ${seconds(file.ms)}; COPY file ` +
        `${fileMb(statSync(copyFile).size).toFixed(1)} MB (no description row)`,
    );
    const parseOnly = await child(["--mode", "parse", "--file", file.path]);
    console.log(
      `Parse only (parseExportForImport, no database): ${thousands(parseOnly.rows)} rows in ${seconds(parseOnly.ms)} = ` +
        `${thousands(perSecond(parseOnly.rows, parseOnly.ms))} rows/s, ${fileMb(file.bytes / (parseOnly.ms / 1000)).toFixed(1)} MB/s, ` +
        `peak RSS ${parseOnly.maxRssMb.toFixed(0)} MB`,
    );

    const runs: DbRun[] = [];
    for (const db of databases) {
      if (db === "postgres") {
        runs.push(
          await runPostgres(file, copyFile, tmp, (s) => {
            server = s;
          }),
        );
        server?.stop();
        server = undefined;
      } else {
        runs.push(await runPglite(file, copyFile, tmp));
      }
    }
    printTable(runs);
    console.log(
      `\nrows/s = rows read ÷ wall time of importFile (hash, parse, upserts, facts, commit) or of the COPY; ` +
        `targets: ours/COPY ≥ ${TARGET_RATIO}, peak RSS < ${TARGET_RSS_MB} MB (the larger of rusage and samples). ` +
        `PostgreSQL runs in its own processes, so its memory is not in either figure; PGlite's is.`,
    );
    for (const r of runs) {
      if (!r.cli) continue;
      const rss = r.cli.rssMb;
      console.log(
        `${r.database}, compiled \`npm run import\` (whole process, fresh database): ` +
          `${(r.copy.ms / r.cli.ms).toFixed(2)}× COPY's rate (${seconds(r.cli.ms)}), peak RSS ` +
          `${rss === null ? "-" : `${rss.toFixed(0)} MB ${rss < TARGET_RSS_MB ? "(< target)" : "(over target)"}`}`,
      );
    }
    for (const r of runs) printPhases(r, file, parseOnly);
    return 0;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
