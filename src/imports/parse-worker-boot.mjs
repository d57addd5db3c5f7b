// Starts the parse worker (parse-worker.ts) in a thread that has no TypeScript loader: tsx's loader is registered
// per thread, so a worker started under `npm start` (tsx), vitest or `npm run import` loads the entry through it.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
