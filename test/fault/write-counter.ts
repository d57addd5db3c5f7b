// "Nothing was written", made checkable: a row trigger on every table (but the audit log, where a refused permission
// must be written) counts each row inserted, updated or deleted, so a test compares one number before and after.
import type { Starling } from "../../src/main.js";

const WRITES_TABLE = "_fault_writes";

/** Installs the triggers and returns a reader of the number of rows written since. */
export async function countWrites(app: Starling): Promise<() => Promise<number>> {
  const sql = app.db.sql;
  await sql.query(`CREATE TABLE IF NOT EXISTS ${WRITES_TABLE} (n bigint NOT NULL)`);
  await sql.query(`INSERT INTO ${WRITES_TABLE} SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ${WRITES_TABLE})`);
  await sql.query(`
    CREATE OR REPLACE FUNCTION _fault_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE ${WRITES_TABLE} SET n = n + 1; RETURN NULL; END $$`);
  const tables = await sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT IN ('AuditLog', '_prisma_migrations', '${WRITES_TABLE}')`,
  );
  if (tables.length < 20) throw new Error(`expected Starling's tables, found ${tables.length}`);
  for (const { tablename } of tables) {
    await sql.query(`DROP TRIGGER IF EXISTS fault_writes ON "${tablename}"`);
    await sql.query(
      `CREATE TRIGGER fault_writes AFTER INSERT OR UPDATE OR DELETE ON "${tablename}"
         FOR EACH ROW EXECUTE FUNCTION _fault_count_write()`,
    );
  }
  return async () => {
    const [row] = await sql.query<{ n: string | number }>(`SELECT n FROM ${WRITES_TABLE}`);
    return Number(row?.n);
  };
}
