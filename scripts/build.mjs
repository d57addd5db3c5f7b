// `npm run build` (and the first step of `npm start`): compiles Starling's TypeScript to JavaScript in dist/, one
// file per source file with the same layout, so production runs plain `node` with no TypeScript compiler loaded at
// run time (tsx kept its compiler and a transform cache in the server's memory). esbuild only strips types; the
// type check is `npm run typecheck`. Quick enough (well under a second) to run on every start, so a fresh clone
// and a changed source both just work; `--if-stale` skips the work when dist/ is newer than every source.
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist");
/** What runs in production: the core, the handlers, the scheduled jobs (tests and benchmarks stay TypeScript). */
const SOURCE_DIRS = ["src", "handlers", "scheduled"];
/** Where the build records what it built from, to tell a stale dist/ from a current one. */
const STAMP = path.join(out, ".build-stamp");

function filesUnder(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full));
    else found.push(full);
  }
  return found;
}

const sources = SOURCE_DIRS.flatMap((dir) => filesUnder(path.join(root, dir)));
const migrations = filesUnder(path.join(root, "prisma", "migrations"));

/** The newest change among the inputs, and how many there are (a deleted file changes the count). */
function fingerprint() {
  const inputs = [...sources, ...migrations, path.join(root, "package-lock.json"), fileURLToPath(import.meta.url)];
  const newest = Math.max(...inputs.filter(existsSync).map((f) => statSync(f).mtimeMs));
  return `${inputs.length}:${newest}`;
}

if (process.argv.includes("--if-stale") && existsSync(STAMP)) {
  if (readFileSync(STAMP, "utf8") === fingerprint()) process.exit(0);
}

const started = performance.now();
// Built aside and swapped in: a Starling already running from dist/ (a server beside `npm run import`) never
// finds a half-written tree when it starts a worker or loads a platform's adapter.
const next = `${out}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
await build({
  entryPoints: sources.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
  outdir: next,
  outbase: root,
  bundle: false,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
// Plain JavaScript files among the sources are copied as they are.
for (const file of sources.filter((f) => /\.(mjs|js|json)$/.test(f))) {
  cpSync(file, path.join(next, path.relative(root, file)));
}
// The migration runner reads prisma/migrations beside the code (src/db/migrate.ts): dist/ carries its own copy, so
// a container needs only dist/, node_modules/ and package.json.
cpSync(path.join(root, "prisma", "migrations"), path.join(next, "prisma", "migrations"), { recursive: true });
writeFileSync(path.join(next, ".build-stamp"), fingerprint());
const old = `${out}.old-${process.pid}`;
if (existsSync(out)) renameSync(out, old);
renameSync(next, out);
rmSync(old, { recursive: true, force: true });
console.error(`built dist/ (${sources.length} files) in ${Math.round(performance.now() - started)} ms`);
