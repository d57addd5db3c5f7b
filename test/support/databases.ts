// Every integration test runs on both databases Starling supports: the embedded PGlite and PostgreSQL.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";

export const DATABASE_KINDS = ["pglite", "postgres"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** A fresh, empty database of the given kind (no migrations applied). */
export async function emptyDatabaseConfig(
  kind: DatabaseKind,
): Promise<{ kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string }> {
  if (kind === "pglite") return { kind: "pglite", dataDir: "memory://" };
  const adminUrl = inject("postgresAdminUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { kind: "postgres", url: adminUrl.replace(/\/postgres$/, `/${name}`) };
}

/** A fresh database with every migration applied. */
export async function migratedDatabase(kind: DatabaseKind): Promise<Database> {
  const db = createDatabase(await emptyDatabaseConfig(kind));
  await migrate(db.sql);
  return db;
}
