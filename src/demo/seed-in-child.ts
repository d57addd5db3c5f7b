// Prepares an on-disk embedded database from a child process (seed-child.ts): a new database's creation and
// migrations, and loading the demo's 90 days of facts, grow PGlite's WebAssembly memory and the heap by well over
// 100 MB that a process never returns to the system (WebAssembly memory cannot shrink). A child that exits
// returns all of it, so a first `npm start` idles as lean as every later one. The parent must not have the
// database open meanwhile: PGlite serves one process.
import { fork } from "node:child_process";
import type { DateTime } from "luxon";
import { z } from "zod";
import { childProcessEntry } from "../workers/worker-entry.js";

/** Preparing takes seconds on a laptop; a child still busy after this is stuck, not slow. */
const PREPARE_TIMEOUT_MS = 10 * 60_000;

const replySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("done"), applied: z.array(z.string()), seeded: z.boolean(), facts: z.number() }),
  z.object({ type: z.literal("failed"), message: z.string() }),
]);

export interface Prepared {
  /** Migrations applied by the child. */
  applied: string[];
  seeded: boolean;
  facts: number;
}

export function prepareInChildProcess(dataDir: string, options: { demo: boolean; now: DateTime }): Promise<Prepared> {
  const { entry, execArgv } = childProcessEntry(import.meta.url, "seed-child");
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answer: z.infer<typeof replySchema> | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`preparing the embedded database took longer than ${PREPARE_TIMEOUT_MS / 60_000} minutes`));
    }, PREPARE_TIMEOUT_MS);
    child.on("message", (raw) => {
      const parsed = replySchema.safeParse(raw);
      if (parsed.success) answer = parsed.data;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (answer?.type === "done") resolve({ applied: answer.applied, seeded: answer.seeded, facts: answer.facts });
      else if (answer?.type === "failed")
        reject(new Error(`preparing the embedded database failed: ${answer.message}`));
      else reject(new Error(`the database preparation process exited with code ${code} and no answer`));
    });
    child.send({ dataDir, now: options.now.toISO(), demo: options.demo });
  });
}
