// Where a worker thread's (or a child process's) code is loaded from, the same way under tsx or vitest (TypeScript
// sources) and when compiled (JavaScript beside the caller): the one rule every worker Starling starts follows.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * What `new Worker(url, { workerData: { ...yours, entry } })` needs: `entry` is empty unless the worker starts
 * through the tsx boot file (worker-boot.mjs), which then imports that TypeScript module.
 */
export interface WorkerEntry {
  url: URL;
  entry: string;
}

/** Where bundled workers are kept: inside the project, so that their imports of packages resolve from node_modules. */
const BUNDLE_DIR = new URL("../../node_modules/.cache/starling/", import.meta.url);
const bundles = new Map<string, Promise<URL | null>>();

/**
 * The worker's TypeScript bundled once per process into one JavaScript file with esbuild (tsx's own compiler;
 * packages stay imports): a worker then starts in tens of ms, where registering tsx in each new thread costs
 * ~0.6 s. The file is named by its content, so processes share it and a changed source gets a new one. Null when
 * esbuild cannot be loaded.
 */
function bundled(source: URL, name: string): Promise<URL | null> {
  const key = source.href;
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = (async () => {
      try {
        const { build } = await import("esbuild");
        const result = await build({
          entryPoints: [fileURLToPath(source)],
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          packages: "external",
          write: false,
          logLevel: "silent",
        });
        const code = result.outputFiles[0]?.contents;
        if (!code) return null;
        const url = new URL(`${name}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`, BUNDLE_DIR);
        const path = fileURLToPath(url);
        if (!existsSync(path)) {
          await mkdir(fileURLToPath(BUNDLE_DIR), { recursive: true });
          // Written aside and renamed: a worker never starts from a half-written file of another process.
          const partial = `${path}.${process.pid}.tmp`;
          await writeFile(partial, code);
          await rename(partial, path);
        }
        return url;
      } catch {
        return null;
      }
    })();
    bundles.set(key, bundle);
  }
  return bundle;
}

/**
 * The entry of the worker `name` (a file name without extension) that sits beside `callerUrl` (the caller's
 * import.meta.url). Compiled, that is `./name.js` next to the compiled caller. Under tsx or vitest it is the bundle
 * of `./name.ts`, or without esbuild the boot file that loads `./name.ts` through tsx.
 */
export async function workerEntry(callerUrl: string, name: string): Promise<WorkerEntry> {
  if (!callerUrl.endsWith(".ts")) return { url: new URL(`./${name}.js`, callerUrl), entry: "" };
  const source = new URL(`./${name}.ts`, callerUrl);
  const url = await bundled(source, name);
  if (url) return { url, entry: "" };
  return { url: new URL("./worker-boot.mjs", import.meta.url), entry: source.href };
}

/**
 * The child process `name` beside `callerUrl`, for `fork(entry, [], { execArgv })`. Compiled, `./name.js` with this
 * process's flags. Under tsx or vitest, `./name.ts` run through tsx's loader, which a child does not inherit from
 * vitest (under tsx the flags already carry it).
 */
export function childProcessEntry(callerUrl: string, name: string): { entry: string; execArgv: string[] } {
  if (!callerUrl.endsWith(".ts"))
    return { entry: fileURLToPath(new URL(`./${name}.js`, callerUrl)), execArgv: process.execArgv };
  const hasTsx = process.execArgv.some((arg) => arg.includes("tsx"));
  return {
    entry: fileURLToPath(new URL(`./${name}.ts`, callerUrl)),
    execArgv: hasTsx ? process.execArgv : [...process.execArgv, "--import", import.meta.resolve("tsx")],
  };
}
