// The worker thread that owns the embedded database (pglite-thread.ts starts it): PGlite's WebAssembly runs every
// query synchronously, so here it runs on its own thread and never holds up the main thread's event loop (Slack's
// acks, the HTTP server, the scheduler). Queries, scripts, transactions and COPY arrive as messages; PGlite's own
// locks order them exactly as in one thread: a transaction holds the database until it ends, other queries wait.

import { parentPort, workerData } from "node:worker_threads";
import { messages, PGlite, type Transaction } from "@electric-sql/pglite";
import { z } from "zod";
import {
  DATABASE_ERROR_FIELDS,
  type FromWorker,
  type ToWorker,
  type WireError,
  type WireResults,
} from "./pglite-protocol.js";

const input = z
  .object({
    /** Undefined: in memory. */
    dataDir: z.string().optional(),
    postgresqlconf: z.string().optional(),
  })
  .parse(workerData);

const port = parentPort;
if (!port) throw new Error("pglite-worker.ts runs only as a worker thread");

const pglite = new PGlite(input.dataDir, { postgresqlconf: input.postgresqlconf });

interface OpenTransaction {
  tx: Transaction;
  /** Lets PGlite's transaction callback return (commit) or throw (roll back). */
  finish(commit: boolean): void;
  done: Promise<unknown>;
  /** This transaction's operations, one after the other in the order they arrived. */
  chain: Promise<unknown>;
}
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;
/** Thrown inside PGlite's transaction callback to make it roll back; never leaves this thread. */
const ROLL_BACK = Symbol("roll back");

// The caller's parsers are functions and stay on its side: here those types are left as PostgreSQL's text.
const asText = (value: string) => value;
const textParsers = new Map<string, Record<number, (value: string) => string>>();
function parsersFor(types: number[]): Record<number, (value: string) => string> {
  const key = types.join(",");
  let parsers = textParsers.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(types.map((type) => [type, asText]));
    textParsers.set(key, parsers);
  }
  return parsers;
}

function wire(results: { rows: unknown[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number }) {
  const out: WireResults = {
    rows: results.rows,
    fields: results.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
  if (results.affectedRows !== undefined) out.affectedRows = results.affectedRows;
  return out;
}

function wireError(error: unknown): WireError {
  if (error instanceof messages.DatabaseError) {
    const database = error as InstanceType<typeof messages.DatabaseError>;
    const fields: Record<string, string | undefined> = {};
    for (const field of DATABASE_ERROR_FIELDS) fields[field] = database[field];
    return {
      database: true,
      name: database.name,
      message: database.message,
      stack: database.stack,
      length: database.length,
      fields,
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const fields: Record<string, string | undefined> = {};
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") fields.code = code;
  return { database: false, name: e.name, message: e.message, stack: e.stack, fields };
}

function openTransaction(id: number): OpenTransaction {
  const open = transactions.get(id);
  if (!open) throw new Error("Transaction is closed");
  return open;
}

/** Runs `step` after the transaction's earlier operations, whatever became of them. */
function inOrder<T>(open: OpenTransaction, step: () => Promise<T>): Promise<T> {
  const result = open.chain.then(step);
  open.chain = result.catch(() => undefined);
  return result;
}

/** Resolves with the transaction's id once PGlite has begun it (it holds the database from then on). */
function begin(): Promise<number> {
  return new Promise((resolve, reject) => {
    const id = nextTransaction++;
    let finish: (commit: boolean) => void = () => {};
    const ended = new Promise<boolean>((r) => {
      finish = r;
    });
    let began = false;
    const done = pglite.transaction(async (tx) => {
      began = true;
      transactions.set(id, { tx, finish, done, chain: Promise.resolve() });
      resolve(id);
      if (!(await ended)) throw ROLL_BACK;
    });
    done.then(
      () => transactions.delete(id),
      (error: unknown) => {
        transactions.delete(id);
        if (!began) reject(error);
      },
    );
  });
}

async function end(open: OpenTransaction, commit: boolean): Promise<void> {
  open.finish(commit);
  try {
    await open.done;
  } catch (error) {
    if (error !== ROLL_BACK) throw error;
  }
}

/** What a successful operation answers (its id and `ok` are added when posted). */
type Answer = Omit<Extract<FromWorker, { ok: true }>, "id" | "ok">;

async function run(message: ToWorker): Promise<Answer> {
  switch (message.op) {
    case "query": {
      const options = {
        rowMode: message.rowMode,
        parsers: message.rawTypes.length ? parsersFor(message.rawTypes) : undefined,
        paramTypes: message.paramTypes,
        blob: message.blob,
      };
      if (message.tx === undefined) return { result: wire(await pglite.query(message.sql, message.params, options)) };
      const open = openTransaction(message.tx);
      return { result: wire(await inOrder(open, () => open.tx.query(message.sql, message.params, options))) };
    }
    case "exec": {
      if (message.tx === undefined) return { result: (await pglite.exec(message.sql)).map(wire) };
      const open = openTransaction(message.tx);
      return { result: (await inOrder(open, () => open.tx.exec(message.sql))).map(wire) };
    }
    case "begin":
      return { tx: await begin() };
    case "rollback": {
      const open = openTransaction(message.tx);
      await inOrder(open, () => open.tx.rollback());
      return {};
    }
    case "end": {
      const open = openTransaction(message.tx);
      await inOrder(open, () => end(open, message.commit));
      return {};
    }
    case "close":
      await pglite.close();
      return {};
  }
}

port.on("message", (message: ToWorker) => {
  run(message).then(
    (answer) => port.postMessage({ ...answer, id: message.id, ok: true } satisfies FromWorker),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, error: wireError(error) } satisfies FromWorker),
  );
});
