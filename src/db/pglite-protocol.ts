// The messages between the main thread's PGlite proxy (pglite-thread.ts) and the worker thread that owns the
// PGlite instance (pglite-worker.ts). Plain data only: whatever crosses is structured-cloned.

/** Results as PGlite gives them: rows as arrays or objects, the fields' names and type OIDs, rows changed. */
export interface WireResults {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export type ToWorker =
  | {
      id: number;
      op: "query";
      sql: string;
      params: unknown[];
      rowMode: "array" | "object";
      /** Type OIDs the caller parses itself (its `parsers` are functions, which cannot cross): sent back as text. */
      rawTypes: number[];
      paramTypes?: number[];
      /** The input of a `COPY … FROM '/dev/blob'` (a Blob crosses without its bytes being copied). */
      blob?: Blob;
      tx?: number;
    }
  | { id: number; op: "exec"; sql: string; tx?: number }
  /** Starts a transaction; the answer comes once it holds the database (BEGIN has run). */
  | { id: number; op: "begin" }
  | { id: number; op: "rollback"; tx: number }
  /** The caller's callback finished: commit (unless rolled back already) or roll back. */
  | { id: number; op: "end"; tx: number; commit: boolean }
  | { id: number; op: "close" };

/** An error as it crossed: a PostgreSQL error keeps every field of PGlite's DatabaseError. */
export interface WireError {
  database: boolean;
  name: string;
  message: string;
  stack?: string;
  length?: number;
  fields: Record<string, string | undefined>;
}

export type FromWorker =
  | { id: number; ok: true; result?: WireResults | WireResults[]; tx?: number }
  | { id: number; ok: false; error: WireError };

/** DatabaseError's fields that say what PostgreSQL refused (Prisma's error mapping reads code, detail, column…). */
export const DATABASE_ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;
