// Starts a worker's TypeScript (workerData.entry) in a thread that has no TypeScript loader: tsx's loader is
// registered per thread. Used only under tsx or vitest when esbuild cannot bundle the worker (worker-entry.ts).
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
