// Keeps the PostgreSQL connection pool whole through an outage: a transaction whose COMMIT or ROLLBACK fails still
// gives its connection back, and closing the pool is bounded, so a graceful stop after the server went away returns.
//
// Why the first is needed: Prisma's client engine (6.19) ends an interactive transaction by sending COMMIT or
// ROLLBACK through the transaction's executeRaw and only then calling its commit() or rollback(), which is where
// @prisma/adapter-pg releases the pooled connection. When the server dies mid-transaction, that ROLLBACK fails, the
// engine throws before rollback() is called, and the connection is never released; pg-pool's end() waits for every
// connection it handed out, so it never returned.
import type { IsolationLevel, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type pg from "pg";

/** The statements with which Prisma ends a transaction itself (adapter-pg does not use "phantom" ends). */
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\b/i;

/**
 * Gives a transaction's connection back to the pool when its COMMIT or ROLLBACK fails. Releasing goes through the
 * adapter's own rollback() (its only way to release), which hands the connection back without an error: pg-pool
 * drops a connection that failed (no longer queryable) instead of reusing it, and a COMMIT that failed on a live
 * connection (a deferred constraint) has already ended the transaction, so that connection is clean to reuse.
 */
export function releasingFailedTransactionEnds(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel?: IsolationLevel) =>
        givesBackOnFailedEnd(await start(isolationLevel));
      return adapter;
    },
  };
}

function givesBackOnFailedEnd(tx: Transaction): Transaction {
  const execute = tx.executeRaw.bind(tx);
  const commit = tx.commit.bind(tx);
  const rollback = tx.rollback.bind(tx);
  // Once only: pg-pool throws when a connection is released twice (a later Prisma that calls rollback() after a
  // failed ROLLBACK must not trip over ours).
  let released = false;
  const release = async (end: () => Promise<void>) => {
    if (released) return;
    released = true;
    await end();
  };
  tx.executeRaw = async (query: SqlQuery) => {
    try {
      return await execute(query);
    } catch (error) {
      if (ENDS_TRANSACTION.test(query.sql)) await release(rollback).catch(() => undefined);
      throw error;
    }
  };
  tx.commit = () => release(commit);
  tx.rollback = () => release(rollback);
  return tx;
}

/**
 * How long a stop waits for the pool to close by itself: the app has finished its work by then (main.ts stops
 * platforms and waits for background work first), so a connection still in use after 5 s is stuck on a database
 * that went away or stopped answering, not finishing a query.
 */
export const POOL_CLOSE_GRACE_MS = 5_000;
/** After the connections still in use are closed by force, how long to wait for the pool to end before returning. */
export const POOL_FORCED_CLOSE_MS = 2_000;

export interface ClosablePool {
  /**
   * Runs `before` (Prisma's disconnect, which rolls back open transactions) and ends the pool, within the grace;
   * then closes the connections still in use and returns within the forced-close bound, logging why.
   */
  close(before: () => Promise<void>): Promise<void>;
}

export function closablePool(pool: pg.Pool, log: (message: string) => void): ClosablePool {
  // The connections handed out and not yet given back: the ones a stuck close waits for.
  const inUse = new Set<pg.PoolClient>();
  pool.on("acquire", (client) => inUse.add(client));
  pool.on("release", (_error, client) => inUse.delete(client));
  pool.on("remove", (client) => inUse.delete(client as pg.PoolClient));

  let ending: Promise<void> | undefined;
  // pg-pool refuses a second end(): both the graceful and the forced path share the first.
  const end = () => {
    ending ??= pool.end();
    return ending;
  };

  return {
    async close(before) {
      const graceful = before().then(end);
      const outcome = await within(graceful, POOL_CLOSE_GRACE_MS);
      if (outcome === "done") return;
      if (outcome instanceof Error) {
        log(`[db] closing PostgreSQL failed: ${outcome.message}`);
        return;
      }
      log(
        `[db] PostgreSQL pool not closed ${POOL_CLOSE_GRACE_MS / 1000} s into the stop: ${inUse.size} ` +
          "connection(s) still in use (the database went away or stopped answering); closing them",
      );
      for (const client of inUse) {
        try {
          // With an error, pg-pool ends the connection and forgets it instead of keeping it idle.
          client.release(new Error("closed by the stop: the connection was not given back"));
        } catch {
          // Released meanwhile by its holder: nothing left to do for it.
        }
      }
      inUse.clear();
      const forced = await within(end(), POOL_FORCED_CLOSE_MS);
      if (forced !== "done") {
        const why = forced instanceof Error ? forced.message : `not within ${POOL_FORCED_CLOSE_MS / 1000} s`;
        log(`[db] gave up waiting for the PostgreSQL pool to end (${why})`);
      }
    },
  };
}

/** "done", the error the promise failed with, or "timeout" when it has not settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<"done" | "timeout" | Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    // Not unref'd: with everything else closed, an unref'd timer would let the process exit mid-stop.
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => "done" as const,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
