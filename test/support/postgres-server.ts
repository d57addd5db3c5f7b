// Starts a throwaway PostgreSQL 15 for the test run: initdb into a temp dir, listen on 127.0.0.1 on a free
// port, stop and delete it afterwards. The server refuses to run as root, so as root it runs as `postgres`.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN_DIRS = [process.env.PG_BIN, "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin"].filter(
  (dir): dir is string => Boolean(dir),
);

export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): void;
  /** Stops the server but keeps its data (sessions are ended, new connections refused), for outage tests. */
  pause(): void;
  /** Starts a paused server again on the same port, with its data. */
  resume(): void;
}

function binDir(): string {
  const dir = BIN_DIRS.find((candidate) => existsSync(path.join(candidate, "initdb")));
  if (!dir) throw new Error(`PostgreSQL binaries not found in ${BIN_DIRS.join(", ")}; set PG_BIN`);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, program);
    const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(bin, program), ...args] : args;
    const result = spawnSync(command, fullArgs, { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  };
  const root = mkdtempSync(path.join(tmpdir(), "starling-pg-"));
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "sock");
  if (asRoot) {
    // The postgres user must own its data directory and be able to reach it.
    chmodSync(root, 0o755);
    execFileSync("mkdir", ["-p", socketDir]);
    execFileSync("chown", ["-R", "postgres:postgres", root]);
  } else {
    execFileSync("mkdir", ["-p", socketDir]);
  }
  const pwFile = path.join(root, "pw");
  writeFileSync(pwFile, "starling\n");
  if (asRoot) execFileSync("chown", ["postgres:postgres", pwFile]);
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=md5", `--pwfile=${pwFile}`, "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  const startServer = () =>
    run("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      path.join(root, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      "start",
    ]);
  startServer();
  const urlFor = (database: string) => `postgres://postgres:starling@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    pause() {
      // "fast": sessions are told the server is shutting down (SQLSTATE 57P01), as in a real restart.
      run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
    resume: startServer,
    stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
