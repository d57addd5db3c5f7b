// Runs onFactsChanged (the anomaly scan, in production) after the API has answered, one run at a time: requests
// that arrive during a run are merged into the next one, so a burst of batches scans each team once, not once each.
import type { Logger } from "../log.js";

export function createChangeQueue(onFactsChanged: (teamIds: string[]) => Promise<void>, log: Logger) {
  const pending = new Set<string>();
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (pending.size) {
      const teamIds = [...pending];
      pending.clear();
      try {
        await onFactsChanged(teamIds);
      } catch (error) {
        // The facts are stored either way; the next scheduled scan looks at them again.
        log.warn(`after ingest, the follow-up for teams ${teamIds.join(", ")} failed`, error);
      }
    }
  }

  function start(): void {
    running = drain().finally(() => {
      running = null;
      // Added between the last check and now: do not leave it waiting for the next request.
      if (pending.size) start();
    });
  }

  return {
    add(teamIds: string[]): void {
      for (const id of teamIds) pending.add(id);
      if (!running) start();
    },
    /** Resolves when nothing is queued or running. */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}
