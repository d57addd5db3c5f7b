// Builds the Prisma client on the configured database: embedded PGlite in DATA_DIR, or PostgreSQL.
// Only this folder and the repositories import Prisma (DESIGN.md).
import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Config } from "../config.js";
import { PrismaClient } from "../generated/prisma/client.js";
import { type CopyFrom, copyFromPglite, copyFromPostgres } from "./bulk-copy.js";
import { startPgliteThread } from "./pglite-thread.js";
import { closablePool, releasingFailedTransactionEnds } from "./postgres-pool.js";

export type { PrismaClient } from "../generated/prisma/client.js";

/** Plain SQL on the same database, for migrations, health checks and bulk work Prisma cannot express. */
export interface SqlRunner {
  /** Runs a script of several statements. */
  exec(script: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  sql: SqlRunner;
  /** COPY … FROM STDIN of byte chunks that each end at a row boundary, outside any transaction (bulk-copy.ts). */
  copyFrom: CopyFrom;
  /** True when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Closes the database; on PostgreSQL within about 7 s even with connections stuck (postgres-pool.ts). */
  close(): Promise<void>;
}

/** Where the database layer reports what no caller is waiting to hear (an idle connection lost, a stuck close). */
export type DatabaseLog = (message: string) => void;

export function createDatabase(
  config: Config["database"],
  log: DatabaseLog = (message) => console.error(message),
): Database {
  return config.kind === "postgres" ? createPostgres(config.url, log) : createPglite(config.dataDir);
}

function createPglite(dataDir: string): Database {
  // "memory://" keeps everything in memory (tests); anything else is a folder on disk.
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // PGlite runs every query synchronously in WebAssembly: on its own thread (pglite-thread.ts), so that a busy
  // database never holds up the main thread's event loop (Slack's 3-second acks, the HTTP server).
  // PostgreSQL's default 128 MB of shared buffers would more than double the process's memory; the embedded
  // database serves one small team's data, and 16 MB keeps its working set cached.
  const pglite = startPgliteThread(inMemory ? undefined : dataDir, { postgresqlconf: "shared_buffers = 16MB" });
  // The thread's proxy has the parts of PGlite's interface the adapter and bulk-copy.ts call (pglite-thread.ts).
  const asPglite = pglite as unknown as PGlite;
  // pglite-prisma-adapter 0.6 bundles its own copy of @prisma/driver-adapter-utils; the shapes match at run
  // time (stack-notes.md: it works with Prisma 6.19), only the two copies' nominal types differ.
  const adapter = new PrismaPGlite(asPglite) as unknown as SqlDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter });
  let closed = false;
  const sql: SqlRunner = {
    async exec(script) {
      await pglite.exec(script);
    },
    async query(text, params) {
      const result = await pglite.query(text, params);
      return result.rows as never;
    },
  };
  return {
    kind: "pglite",
    prisma,
    sql,
    copyFrom: (copySql, chunks) => copyFromPglite(asPglite, copySql, chunks),
    ping: (timeoutMs) => (closed ? Promise.resolve(false) : pingWith(sql, timeoutMs)),
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      // PGlite keeps the event loop alive until it is closed (stack-notes.md); closing it ends its thread too.
      await pglite.close();
    },
  };
}

function createPostgres(url: string, log: DatabaseLog): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its connection emits 'error'; without a listener that would crash the process.
  pool.on("error", (error) => log(`[db] idle PostgreSQL connection failed: ${error.message}`));
  // A transaction cut off by an outage must still give its connection back, or the pool never closes.
  const prisma = new PrismaClient({ adapter: releasingFailedTransactionEnds(new PrismaPg(pool)) });
  const closing = closablePool(pool, log);
  const sql: SqlRunner = {
    async exec(script) {
      await pool.query(script);
    },
    async query(text, params) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows;
    },
  };
  let closed = false;
  return {
    kind: "postgres",
    prisma,
    sql,
    copyFrom: (copySql, chunks) => copyFromPostgres(pool, copySql, chunks),
    ping: (timeoutMs) => (closed ? Promise.resolve(false) : pingWith(sql, timeoutMs)),
    async close() {
      if (closed) return;
      closed = true;
      // Bounded: a stop must return even when a connection is stuck on a database that went away.
      await closing.close(() => prisma.$disconnect());
    },
  };
}

async function pingWith(sql: SqlRunner, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answer = sql.query<{ ok: number }>("select 1 as ok").then((rows) => rows[0]?.ok === 1);
    return await Promise.race([answer, timeout]);
  } catch {
    // A failed ping is the answer ("db down"), not an error to report here; /healthz reports it.
    return false;
  } finally {
    clearTimeout(timer);
  }
}
