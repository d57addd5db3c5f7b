// "The database is not there right now", told apart from every other failure, for both adapters: PostgreSQL through
// @prisma/adapter-pg (server stopped, restarting, unreachable, out of connections) and the embedded PGlite (closed,
// or its WebAssembly instance aborted). Such a failure is nobody's mistake and passes: the member is asked to send
// the command again, and the delivery claim is given back so a retry acts.

/** Prisma's own codes for "cannot reach or lost the database" (P1xxx) and "no connection from the pool" (P2024). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Driver adapter error kinds (Prisma 6 driver adapters) that mean the connection, not the query, failed. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Node socket errors on the way to the server. */
const NET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server is shutting down, crashed, or not yet
 * accepting connections) and 53300 (too many connections).
 */
const SQLSTATE = /^(08\w{3}|57P0[123]|53300)$/;
/** What pg and PGlite say when there is no error code to read. */
const MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|PGlite is closed|Can't reach database server|server closed the connection/i;

/** How deep to follow `cause` chains: Prisma wraps the driver's error two or three times; a loop must end. */
const MAX_DEPTH = 6;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > MAX_DEPTH) return false;
  const e = error as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
    name?: unknown;
  };
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code && (PRISMA_CODES.has(code) || NET_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (typeof e.originalCode === "string" && SQLSTATE.test(e.originalCode)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  // A WebAssembly abort inside PGlite leaves the instance unusable until it is reopened.
  if (e.name === "RuntimeError" && typeof e.message === "string" && /unreachable|memory access/i.test(e.message)) {
    return true;
  }
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}
