// COPY … FROM STDIN on either database: bytes in (CSV or text in the COPY's own format), rows counted out. The
// import pipeline stages its order lines through it (src/imports/stage-store.ts): one COPY stream is several times
// faster than batched INSERTs, and the bytes go to the server as they are made, never gathered in memory.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { from as copyStream } from "pg-copy-streams";

/**
 * Writes `chunks` with one `COPY … FROM STDIN …` statement, outside any transaction (its own autocommit). Each chunk
 * must end at a row boundary: the embedded database sends them in separate statements. Returns the rows copied.
 */
export type CopyFrom = (copySql: string, chunks: AsyncIterable<Uint8Array>) => Promise<number>;

const FROM_STDIN = /\bFROM\s+STDIN\b/i;

function checked(copySql: string): string {
  if (!/^\s*COPY\b/i.test(copySql) || !FROM_STDIN.test(copySql)) throw new Error("copyFrom expects COPY … FROM STDIN");
  return copySql;
}

/** On PostgreSQL: one connection of the pool streams every chunk, with the socket's backpressure. */
export async function copyFromPostgres(
  pool: pg.Pool,
  copySql: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<number> {
  const sql = checked(copySql);
  const client = await pool.connect();
  let failed: unknown;
  try {
    const stream = client.query(copyStream(sql));
    await pipeline(Readable.from(chunks, { objectMode: false }), stream);
    return stream.rowCount;
  } catch (error) {
    failed = error;
    throw error;
  } finally {
    // A COPY cut half-way leaves the connection in an unknown state: it is closed, not given back.
    client.release(failed instanceof Error ? failed : failed === undefined ? undefined : true);
  }
}

/**
 * PGlite reads a COPY's input from a blob it holds whole in its WebAssembly memory, and that memory never shrinks:
 * blobs of 8 MB (tens of thousands of order lines) keep that cost small while the statements stay few.
 */
const PGLITE_BLOB_BYTES = 8 << 20;

/** On PGlite: chunks gathered into blobs of about PGLITE_BLOB_BYTES, each one `COPY … FROM '/dev/blob'`. */
export async function copyFromPglite(
  pglite: PGlite,
  copySql: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<number> {
  const sql = checked(copySql).replace(FROM_STDIN, "FROM '/dev/blob'");
  let rows = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const send = async () => {
    if (pendingBytes === 0) return;
    const blob = new Blob(pending);
    pending = [];
    pendingBytes = 0;
    const result = await pglite.query(sql, [], { blob });
    rows += result.affectedRows ?? 0;
  };
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingBytes += chunk.byteLength;
    if (pendingBytes >= PGLITE_BLOB_BYTES) await send();
  }
  await send();
  return rows;
}
