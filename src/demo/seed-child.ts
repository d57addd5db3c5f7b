// The child process that prepares an on-disk embedded database (seed-in-child.ts starts it): it opens the
// database, applies the migrations, syncs the metric registry, loads the demo when asked, reports what it did to
// its parent and exits, taking its memory with it.
import { DateTime } from "luxon";
import { z } from "zod";
import { createDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { syncMetricDefinitions } from "../metrics/registry-sync.js";
import { seedDemoData } from "./seed.js";

const requestSchema = z.object({ dataDir: z.string().min(1), now: z.string().min(1), demo: z.boolean() });

const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

process.once("message", async (raw: unknown) => {
  const request = requestSchema.parse(raw);
  const db = createDatabase({ kind: "pglite", dataDir: request.dataDir });
  try {
    const applied = await migrate(db.sql);
    await syncMetricDefinitions(db.prisma);
    const seeded = request.demo
      ? await seedDemoData(db.prisma, { now: DateTime.fromISO(request.now, { setZone: true }) })
      : { seeded: false, facts: 0 };
    await db.close();
    await send({ type: "done", applied, ...seeded });
    process.exit(0);
  } catch (error) {
    await db.close().catch(() => undefined);
    await send({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
});
