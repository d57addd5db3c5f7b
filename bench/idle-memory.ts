// Memory of a running Starling (issue #16: "idle RSS after `npm start` (PGlite, demo) < 250 MB, and back under 300 MB
// after a digest run").
//
//   npm run bench:memory [-- --settle 15 --runs 1 --ways bare,tsx,compiled --root <checkout>]
//
// --root runs another checkout's Starling (e.g. an older commit, for a before/after figure: `--ways bare,tsx`).
//
// Each way of running is started as its own process on a new embedded database in a temporary folder, exactly as a
// user would (`npm start` runs the build, then `node` on dist/), so the first start loads the demo:
//   - bare node: an empty Node process (the floor every figure is measured against);
//   - tsx: `tsx src/start.ts` (how `npm start` ran before: TypeScript compiled in the server at run time);
//   - compiled: `node --expose-gc --max-semi-space-size=4 dist/src/start.js`, what `npm start` runs now.
// Once Starling listens, the bench waits --settle seconds (the catch-up of the day's scheduled jobs runs then) and
// reads the server's resident memory (VmRSS from /proc, every thread of the process; a child such as tsx's
// esbuild service is not counted) five times a second for 3 s: "idle" is the largest reading. It then runs the
// morning digest, the weekly report and the standup summary through the playground (charts included), waits
// --settle seconds and reads again: "after digests". Prints MB, the ratio to bare node, and the targets.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServerProcess } from "../test/support/server-process.js";
import { positive } from "./support/args.js";
import { table } from "./support/table.js";

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_IDLE_MB = 250;
const TARGET_AFTER_DIGEST_MB = 300;
const START_TIMEOUT_MS = 300_000;

const { values: opts } = parseArgs({
  options: {
    settle: { type: "string", default: "15" },
    runs: { type: "string", default: "1" },
    ways: { type: "string", default: "bare,tsx,compiled" },
    root: { type: "string", default: HERE },
  },
});
const ROOT = path.resolve(opts.root ?? HERE);
const wanted = new Set((opts.ways ?? "").split(","));
const settleMs = positive("settle", opts.settle) * 1000;
const runs = positive("runs", opts.runs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

/** The largest RSS over 3 s, read every 200 ms. */
async function peakRss(pid: number): Promise<number> {
  let peak = 0;
  for (let i = 0; i < 15; i++) {
    peak = Math.max(peak, rssMb(pid));
    await sleep(200);
  }
  return peak;
}

interface Way {
  key: string;
  name: string;
  /** Node's arguments. */
  args: string[];
  /** Starling (has a playground to run digests through) or the bare floor. */
  starling: boolean;
}

const WAYS: Way[] = [
  { key: "bare", name: "bare node", args: ["-e", "setInterval(() => {}, 1000)"], starling: false },
  {
    key: "tsx",
    name: "tsx (before)",
    args: ["--import", "tsx", "--expose-gc", "src/start.ts"],
    starling: true,
  },
  {
    key: "compiled",
    name: "compiled (npm start)",
    args: ["--expose-gc", "--max-semi-space-size=4", "dist/src/start.js"],
    starling: true,
  },
];

async function startProcess(way: Way, dataDir: string): Promise<{ proc: ChildProcess; url: string | null }> {
  const env = { DATA_DIR: dataDir, DATABASE_URL: "", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" };
  if (way.starling) return startServerProcess(way.args, { cwd: ROOT, env, timeoutMs: START_TIMEOUT_MS });
  const proc = spawn(process.execPath, way.args, { cwd: ROOT, stdio: "ignore" });
  await sleep(1000);
  return { proc, url: null };
}

async function runJobs(url: string): Promise<string[]> {
  const outcomes: string[] = [];
  for (const job of ["morning-digest", "weekly-report", "standup-summary"]) {
    const response = await fetch(`${url}/api/playground/run`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ job }),
    });
    const body = (await response.json()) as { runs?: { outcome: string }[] };
    const ran = body.runs?.filter((r) => r.outcome === "ran").length ?? 0;
    outcomes.push(`${job} ${ran} ran`);
  }
  return outcomes;
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.on("exit", resolve));
  proc.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (proc.exitCode === null) proc.kill("SIGKILL");
}

interface Measured {
  name: string;
  idle: number;
  afterDigests: number | null;
  jobs: string;
}

async function measure(way: Way): Promise<Measured> {
  const dir = mkdtempSync(path.join(tmpdir(), "starling-memory-"));
  const { proc, url } = await startProcess(way, path.join(dir, "db"));
  try {
    if (url) await sleep(settleMs);
    const idle = await peakRss(proc.pid as number);
    if (!url) return { name: way.name, idle, afterDigests: null, jobs: "" };
    const jobs = await runJobs(url);
    await sleep(settleMs);
    const afterDigests = await peakRss(proc.pid as number);
    return { name: way.name, idle, afterDigests, jobs: jobs.join(", ") };
  } finally {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Starling memory benchmark: new embedded database with the demo, ${settleMs / 1000} s to settle`);
if (wanted.has("compiled")) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });
const results: Measured[] = [];
for (let run = 0; run < runs; run++) {
  for (const way of WAYS.filter((w) => wanted.has(w.key))) {
    const result = await measure(way);
    results.push(result);
    console.log(`${result.name}: idle ${result.idle.toFixed(0)} MB${result.jobs ? `; ${result.jobs}` : ""}`);
  }
}
const floor = results.find((r) => r.name === "bare node")?.idle ?? 1;
const mb = (n: number | null) => (n === null ? "" : n.toFixed(0));
console.log(
  table(
    ["way", "idle RSS MB", "÷ bare node", `< ${TARGET_IDLE_MB}`, "after digests MB", `< ${TARGET_AFTER_DIGEST_MB}`],
    results.map((r) => [
      r.name,
      mb(r.idle),
      `${(r.idle / floor).toFixed(2)}×`,
      r.afterDigests === null ? "" : r.idle < TARGET_IDLE_MB ? "yes" : "NO",
      mb(r.afterDigests),
      r.afterDigests === null ? "" : r.afterDigests < TARGET_AFTER_DIGEST_MB ? "yes" : "NO",
    ]),
  ),
);
console.log("RSS of the server process (all its threads; child processes not counted), the largest of 15 readings.");
