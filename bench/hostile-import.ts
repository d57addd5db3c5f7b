// Benchmark of hostile imports (issue 14: "the time and peak RSS of the worst hostile file of each kind against a
// normal file of the same size (target: no hostile file over 2× the normal one's time or over 300 MB RSS)").
//
//   npx tsx bench/hostile-import.ts [--rows 20000] [--db pglite|postgres]
//
// Writes a normal order export of --rows lines as CSV and as XLSX, then each hostile kind of
// test/support/export-files.ts in the same format, padded with normal order lines in front of its hostile shape
// until it is as big as the normal file (the worst a file of that size can do: everything before the shape is
// read first). Each file is imported in a child process of its own (bench/support/hostile-child.ts) into a fresh
// copy of one prepared database (a PGlite directory copied, or a PostgreSQL database created from a template on a
// throwaway server), through the importer as the server runs it (worker thread, then the transaction). Prints each kind's outcome, time and peak RSS, and the ratios to the normal file of its format.
// No assertions; everything is removed afterwards.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import {
  HOSTILE_KINDS,
  type HostileKind,
  hostileFormat,
  writeHostileFile,
  writeOrderBenchCsv,
  writeOrderBenchXlsx,
} from "../test/support/export-files.js";
import { type PostgresServer, startPostgres } from "../test/support/postgres-server.js";
import { positive } from "./support/args.js";
import { type ChildResult, readResult } from "./support/child-result.js";

const TARGET_TIME_RATIO = 2;
const TARGET_RSS_MB = 300;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "support", "hostile-child.ts");

const { values: opts } = parseArgs({
  options: { rows: { type: "string", default: "20000" }, db: { type: "string", default: "pglite" } },
});
const rows = positive("rows", opts.rows);
if (opts.db !== "pglite" && opts.db !== "postgres") throw new Error("--db expects pglite or postgres");
const onPostgres = opts.db === "postgres";

function child(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    proc.on("error", reject);
    proc.on("exit", (code) => {
      const result = readResult(out);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`child ${args.join(" ")} exited ${code}`));
    });
  });
}

const root = mkdtempSync(path.join(tmpdir(), "starling-hostile-bench-"));
const server: PostgresServer | null = onPostgres ? await startPostgres() : null;
/** Runs one statement on the throwaway server's admin database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server?.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
try {
  const prepared = path.join(root, "prepared");
  if (server) {
    await admin("CREATE DATABASE prepared");
    await child(["--mode", "prepare", "--url", server.urlFor("prepared")]);
  } else await child(["--mode", "prepare", "--dir", prepared]);
  let run = 0;
  const measure = async (file: string) => {
    const name = `db_${++run}`;
    const dir = path.join(root, name);
    if (server) await admin(`CREATE DATABASE ${name} TEMPLATE prepared`);
    else cpSync(prepared, dir, { recursive: true });
    try {
      return await child([
        "--mode",
        "import",
        ...(server ? ["--url", server.urlFor(name)] : ["--dir", dir]),
        "--file",
        file,
      ]);
    } finally {
      if (server) await admin(`DROP DATABASE ${name}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  };

  const normal = {
    csv: { file: path.join(root, "normal.csv"), result: null as ChildResult | null },
    xlsx: { file: path.join(root, "normal.xlsx"), result: null as ChildResult | null },
  };
  await writeOrderBenchCsv(normal.csv.file, rows);
  await writeOrderBenchXlsx(normal.xlsx.file, rows);
  for (const format of ["csv", "xlsx"] as const) {
    normal[format].result = await measure(normal[format].file);
    process.stderr.write(`normal ${format}: ${Math.round(normal[format].result?.ms ?? 0)} ms\n`);
  }

  const lines: string[] = [];
  const mbOf = (p: string) => (statSync(p).size / 1024 / 1024).toFixed(1);
  const pad = (s: string, n: number) => s.padEnd(n);
  lines.push(
    `${pad("file", 20)}${pad("size", 9)}${pad("outcome", 38)}${pad("time", 10)}${pad("× normal", 10)}${pad("peak RSS", 10)}${pad("growth", 9)}verdict`,
  );
  for (const format of ["csv", "xlsx"] as const) {
    const n = normal[format];
    const r = n.result as ChildResult;
    lines.push(
      `${pad(`normal ${format}`, 20)}${pad(`${mbOf(n.file)} MB`, 9)}${pad(String(r.detail.outcome), 38)}${pad(`${(r.ms / 1000).toFixed(2)} s`, 10)}${pad("1.00", 10)}${pad(`${r.maxRssMb} MB`, 10)}${pad(`${r.maxRssMb - r.startRssMb} MB`, 9)}`,
    );
  }
  let worst = { time: 0, rss: 0 };
  /** RSS of a measuring process before it touches the file (PGlite open, Prisma, tsx): the floor of every figure. */
  let baseline = 0;
  for (const kind of HOSTILE_KINDS) {
    const format = hostileFormat(kind);
    const target = statSync(normal[format].file).size;
    const file = path.join(root, `${kind}.${format}`);
    // As many normal lines in front as keep the file at the normal one's size.
    await writeHostileFile(file, kind as HostileKind, 0);
    const perRow = target / rows;
    const padRows = Math.max(0, Math.floor((target - statSync(file).size) / perRow));
    await writeHostileFile(file, kind as HostileKind, padRows);
    const r = await measure(file);
    const base = normal[format].result as ChildResult;
    const ratio = r.ms / base.ms;
    worst = { time: Math.max(worst.time, ratio), rss: Math.max(worst.rss, r.maxRssMb) };
    const ok = ratio <= TARGET_TIME_RATIO && r.maxRssMb <= TARGET_RSS_MB;
    baseline = Math.max(baseline, r.startRssMb);
    lines.push(
      `${pad(kind, 20)}${pad(`${mbOf(file)} MB`, 9)}${pad(String(r.detail.outcome), 38)}${pad(`${(r.ms / 1000).toFixed(2)} s`, 10)}${pad(ratio.toFixed(2), 10)}${pad(`${r.maxRssMb} MB`, 10)}${pad(`${r.maxRssMb - r.startRssMb} MB`, 9)}${ok ? "ok" : ratio <= TARGET_TIME_RATIO ? "time ok, RSS over" : "OVER TARGET"}`,
    );
    process.stderr.write(`${kind}: ${String(r.detail.outcome)} in ${Math.round(r.ms)} ms\n`);
    rmSync(file, { force: true });
  }
  console.log(
    `\nHostile imports against a normal ${rows.toLocaleString("en")}-line order export of the same format and size`,
  );
  console.log(
    `(${onPostgres ? "PostgreSQL 15" : "PGlite on disk"}, one child process per file; peak RSS is the child's getrusage maximum, setup included; growth is the peak less the RSS when the import started)\n`,
  );
  console.log(lines.join("\n"));
  console.log(
    `\nworst hostile file: ${worst.time.toFixed(2)}× the normal file's time (target ≤ ${TARGET_TIME_RATIO}×), ${worst.rss} MB peak RSS (target ≤ ${TARGET_RSS_MB} MB;\n` +
      `the measuring process holds up to ${baseline} MB before it opens the file)`,
  );
} finally {
  server?.stop();
  rmSync(root, { recursive: true, force: true });
}
