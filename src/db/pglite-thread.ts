// The embedded database on a worker thread: an object with the parts of PGlite's interface that Starling uses
// (query, exec, transaction; what pglite-prisma-adapter 0.6.1 and bulk-copy.ts call), whose PGlite instance lives
// in pglite-worker.ts. PGlite runs each query synchronously in WebAssembly; on the main thread that held up every
// Slack ack queued behind it, here the main thread only posts a message and waits. Results, errors and
// transactions behave as PGlite's own: rows parsed by the caller's parsers, PostgreSQL errors as PGlite's
// DatabaseError with every field (Prisma's P2002 and friends read them), a transaction holding the database until
// it ends. Once closed, or if the worker stops, every call fails with "PGlite is closed" (db/unavailable.ts).

import { Worker } from "node:worker_threads";
import { messages, type Results, type Transaction } from "@electric-sql/pglite";
import { workerEntry } from "../workers/worker-entry.js";
import type { FromWorker, ToWorker, WireError, WireResults } from "./pglite-protocol.js";

type Parser = (value: string, typeId: number) => unknown;

/** The options of PGlite's query that cross to the worker; `parsers` are applied on this side. */
export interface ThreadQueryOptions {
  rowMode?: "array" | "object";
  parsers?: Record<number, Parser>;
  paramTypes?: number[];
  blob?: Blob;
}

export interface PgliteThread {
  query<T>(sql: string, params?: unknown[], options?: ThreadQueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Closes PGlite in its thread (an on-disk database is left consistent), then ends the thread. */
  close(): Promise<void>;
}

/**
 * A close that hangs (a query that never returns) must not hold a graceful stop forever: after this long the
 * thread is ended anyway. PGlite closes in well under a second; 10 s is far beyond a healthy close.
 */
const CLOSE_TIMEOUT_MS = 10_000;

interface Pending {
  resolve(reply: Extract<FromWorker, { ok: true }>): void;
  reject(error: unknown): void;
  sql?: string;
  params?: unknown[];
}

type Request = ToWorker extends infer M ? (M extends { id: number } ? Omit<M, "id"> : never) : never;

const closedError = (why: string) => new Error(`PGlite is closed${why ? `: ${why}` : ""}`);

/** A PostgreSQL error becomes PGlite's own DatabaseError again (what the Prisma adapter looks for). */
function revive(wire: WireError, pending: Pending): Error {
  if (wire.database) {
    const error = new messages.DatabaseError(wire.message, wire.length ?? 0, wire.name as "error");
    Object.assign(error, wire.fields);
    // As PGlite does, the failing query and its parameters travel with the error.
    if (pending.sql !== undefined) Object.assign(error, { query: pending.sql, params: pending.params });
    return error;
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.fields.code !== undefined) Object.assign(error, { code: wire.fields.code });
  if (wire.stack) error.stack = `${wire.stack}\n    (in the PGlite worker thread)`;
  return error;
}

/** The caller's parsers, applied to the columns the worker sent back as text. */
function parse(results: WireResults, parsers: Record<number, Parser> | undefined, rowMode: "array" | "object") {
  if (!parsers) return results;
  const columns = results.fields.flatMap((field, index) => {
    const parser = parsers[field.dataTypeID];
    return parser ? [{ key: rowMode === "array" ? index : field.name, parser, type: field.dataTypeID }] : [];
  });
  if (columns.length === 0) return results;
  for (const row of results.rows as Record<string | number, unknown>[]) {
    for (const { key, parser, type } of columns) {
      const value = row[key];
      if (typeof value === "string") row[key] = parser(value, type);
    }
  }
  return results;
}

const rawTypesOf = new WeakMap<object, number[]>();
function rawTypes(parsers: Record<number, Parser> | undefined): number[] {
  if (!parsers) return [];
  let types = rawTypesOf.get(parsers);
  if (!types) {
    types = Object.keys(parsers).map(Number);
    rawTypesOf.set(parsers, types);
  }
  return types;
}

export function startPgliteThread(dataDir: string | undefined, options: { postgresqlconf?: string }): PgliteThread {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  /** Why the thread is gone ("" while it runs); set on close and when it stops by itself. */
  let gone: string | null = null;
  let closing: Promise<void> | null = null;

  function fail(why: string): void {
    gone ??= why;
    for (const [id, request] of pending) {
      pending.delete(id);
      request.reject(closedError(why));
    }
  }

  const started = workerEntry(import.meta.url, "pglite-worker").then(({ url, entry }) => {
    const thread = new Worker(url, { workerData: { entry, dataDir, postgresqlconf: options.postgresqlconf } });
    thread.on("message", (reply: FromWorker) => {
      const request = pending.get(reply.id);
      if (!request) return;
      pending.delete(reply.id);
      if (reply.ok) request.resolve(reply);
      else request.reject(revive(reply.error, request));
    });
    thread.on("error", (error) => fail(`its worker thread failed (${error.message})`));
    thread.on("exit", (code) => fail(`its worker thread ended (exit code ${code})`));
    worker = thread;
    return thread;
  });
  // A thread that cannot start fails each call with its reason; nobody else is waiting on this promise.
  started.catch((error: unknown) => fail(`its worker thread could not start (${String(error)})`));

  function post(thread: Worker, message: ToWorker, request: Pending): void {
    pending.set(message.id, request);
    try {
      // A COPY's Blob is posted by reference: its bytes are not copied into the message.
      thread.postMessage(message);
    } catch (error) {
      pending.delete(message.id);
      request.reject(error);
    }
  }

  function call(message: Request, context: { sql?: string; params?: unknown[] } = {}, closingCall = false) {
    return new Promise<Extract<FromWorker, { ok: true }>>((resolve, reject) => {
      if (gone !== null || (closing && !closingCall)) {
        reject(closedError(gone ?? ""));
        return;
      }
      const full = { ...message, id: nextId++ } as ToWorker;
      const request: Pending = { resolve, reject, ...context };
      // Posted at once when the thread is up, so calls reach it in the order they were made (a transaction's
      // rollback before its end); before that, in order once it has started.
      if (worker) post(worker, full, request);
      else started.then((thread) => post(thread, full, request), reject);
    });
  }

  async function query<T>(sql: string, params: unknown[] = [], opts: ThreadQueryOptions = {}, tx?: number) {
    const rowMode = opts.rowMode ?? "object";
    const reply = await call(
      {
        op: "query",
        sql,
        params,
        rowMode,
        rawTypes: rawTypes(opts.parsers),
        ...(opts.paramTypes ? { paramTypes: opts.paramTypes } : {}),
        ...(opts.blob ? { blob: opts.blob } : {}),
        ...(tx === undefined ? {} : { tx }),
      },
      { sql, params },
    );
    return parse(reply.result as WireResults, opts.parsers, rowMode) as unknown as Results<T>;
  }

  async function exec(sql: string, tx?: number): Promise<Results[]> {
    const reply = await call({ op: "exec", sql, ...(tx === undefined ? {} : { tx }) }, { sql });
    return reply.result as unknown as Results[];
  }

  async function transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const { tx: id } = await call({ op: "begin" });
    if (id === undefined) throw new Error("the PGlite worker began a transaction without an id");
    let closed = false;
    const check = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx = {
      query: async <R>(sql: string, params?: unknown[], opts?: ThreadQueryOptions) => {
        check();
        return query<R>(sql, params, opts, id);
      },
      exec: async (sql: string) => {
        check();
        return exec(sql, id);
      },
      rollback: async () => {
        check();
        await call({ op: "rollback", tx: id });
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(tx as unknown as Transaction);
    } catch (error) {
      closed = true;
      // Rolled back in the worker (unless already); the callback's error is what the caller hears.
      await call({ op: "end", tx: id, commit: false }).catch(() => undefined);
      throw error;
    }
    closed = true;
    await call({ op: "end", tx: id, commit: true });
    return result;
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      const thread = await started.catch(() => null);
      if (!thread || gone !== null) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          call({ op: "close" }, {}, true),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
          }),
        ]);
      } finally {
        clearTimeout(timer);
        fail("");
        await thread.terminate();
      }
    })();
    await closing;
  }

  return { query, exec, transaction, close };
}
