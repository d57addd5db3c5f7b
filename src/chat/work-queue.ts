// The work a chat platform waits for is only the acknowledgement; the answer can follow. Everything after an ack
// goes through this queue: a few jobs at a time, each started from setImmediate so that requests already waiting
// on the socket (new commands to acknowledge) are read first. Under a burst the answers queue up here, while acks
// stay fast and Slack or Lark do not time out and retry.
import type { Logger } from "../log.js";

export function createWorkQueue(options: { concurrency: number; log: Pick<Logger, "error"> }) {
  const waiting: { name: string; job: () => Promise<void> }[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  function settle(): void {
    if (running === 0 && waiting.length === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
  }

  function pump(): void {
    while (running < options.concurrency && waiting.length > 0) {
      const next = waiting.shift() as { name: string; job: () => Promise<void> };
      running++;
      setImmediate(() => {
        next
          .job()
          .catch((error: unknown) => options.log.error(`background work failed: ${next.name}`, error))
          .finally(() => {
            running--;
            pump();
            settle();
          });
      });
    }
  }

  return {
    push(name: string, job: () => Promise<void>): void {
      waiting.push({ name, job });
      pump();
    },
    /** Resolves once nothing is running or waiting (tests, and a graceful stop). */
    idle(): Promise<void> {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get pending(): number {
      return running + waiting.length;
    },
  };
}

export type WorkQueue = ReturnType<typeof createWorkQueue>;
