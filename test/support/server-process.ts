// Starling as its own process, the way a user starts it: spawned, and ready once its log says where it listens.
// Used by the compiled-start test and the memory benchmark.
import { type ChildProcess, spawn } from "node:child_process";

export interface ServerProcess {
  proc: ChildProcess;
  /** "http://127.0.0.1:PORT", from the start-up log line. */
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  log(): string;
}

/**
 * Spawns `node <args>` in `cwd` with `env` on top of this process's, and resolves once it logs
 * "listening on http://127.0.0.1:PORT" (start it with PORT=0 and HOST=127.0.0.1). Rejects, with the log, when it
 * exits first or takes longer than `timeoutMs`.
 */
export function startServerProcess(
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<ServerProcess> {
  const proc = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Starling did not start in time:\n${log}`)), options.timeoutMs);
    const read = (chunk: Buffer) => {
      log += chunk.toString("utf8");
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: listening[1], log: () => log });
      }
    };
    proc.stdout?.on("data", read);
    proc.stderr?.on("data", read);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Starling exited with ${code}:\n${log}`));
    });
  });
}
