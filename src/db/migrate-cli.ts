// npm run db:migrate: applies pending migrations to the database DATABASE_URL (or DATA_DIR) names.
import { configOrExplain } from "../cli/config.js";
import { createDatabase } from "./client.js";
import { migrate } from "./migrate.js";

async function main(): Promise<number> {
  const config = configOrExplain();
  if (!config) return 1;
  const db = createDatabase(config.database);
  try {
    const applied = await migrate(db.sql);
    console.log(
      applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.",
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
