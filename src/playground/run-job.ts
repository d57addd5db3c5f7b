// "Run now" for a scheduled job (POST /api/playground/run), through the scheduler's own JobRun claims: each target's
// run of today (in the target's zone) is claimed before it runs and marked done or failed after, so a playground run
// and a scheduler tick, or two clicks, never send the same run twice.
import { hostname } from "node:os";
import type { DateTime } from "luxon";
import type { ChatPlatform } from "../chat/platform.js";
import type { Logger } from "../log.js";
import { giveBackMemory } from "../scheduling/give-back-memory.js";
import type { ScheduledJob } from "../scheduling/job.js";
import type { JobRunRepository } from "../scheduling/job-runs.js";
import { RUN_LEASE_MINUTES } from "../scheduling/scheduler.js";

/**
 * - ran: claimed and run now; failed: claimed, and the job threw (recorded like a scheduled failure);
 * - already_ran / already_failed: today's run was over before (a tick, or an earlier click);
 * - in_progress: someone holds a live claim on it (a tick running right now);
 * - invalid: the target's timezone is not one luxon knows, so it has no "today".
 */
export type TargetOutcome = "ran" | "failed" | NotRun | "invalid";
type NotRun = "already_ran" | "already_failed" | "in_progress";

export interface TargetRun {
  target: string;
  /** The target's local date the run is claimed under, "yyyy-MM-dd". */
  date: string | null;
  outcome: TargetOutcome;
  /** What the job said it did (ran), or why nothing was done. */
  summary: string[];
}

export interface RunNowDeps<Services> {
  deps: Services;
  platforms: ChatPlatform[];
  runs: Pick<JobRunRepository, "claim" | "claimSkipped" | "find" | "markDone" | "markFailed">;
  clock: () => DateTime;
  log: Logger;
}

const INSTANCE_ID = `playground@${hostname()}:${process.pid}`;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runJobNow<Services>(
  job: ScheduledJob<Services>,
  d: RunNowDeps<Services>,
): Promise<{ runs: TargetRun[]; summary: string[] }> {
  const now = d.clock();
  const result: TargetRun[] = [];
  for (const target of await job.targets(d.deps, now)) {
    const local = now.setZone(target.timezone);
    if (!local.isValid) {
      result.push({
        target: target.label,
        date: null,
        outcome: "invalid",
        summary: [`${target.label}: invalid timezone`],
      });
      continue;
    }
    const date = local.toISODate() as string;
    const claimInput = {
      jobName: job.name,
      targetKey: target.key,
      localDate: date,
      instanceId: INSTANCE_ID,
      leaseUntil: now.plus({ minutes: RUN_LEASE_MINUTES }).toJSDate(),
      now: now.toJSDate(),
    };
    const claim = await d.runs.claim(claimInput);
    let runId: string | null = claim.outcome === "claimed" || claim.outcome === "reclaimed" ? claim.id : null;
    if (!runId && claim.outcome === "taken" && claim.final) {
      // A run the scheduler skipped (its time passed while Starling was down, or before a first start) may still
      // be run now: nothing sent it.
      runId = (await d.runs.claimSkipped(claimInput))?.id ?? null;
    }
    if (!runId) {
      const row = claim.outcome === "taken" && !claim.final ? null : await d.runs.find(job.name, target.key, date);
      const outcome: NotRun =
        row?.status === "done" ? "already_ran" : row?.status === "failed" ? "already_failed" : "in_progress";
      const words: Record<NotRun, string> = {
        already_ran: `already ran today (${date})`,
        already_failed: `already ran and failed today (${date}): ${row?.error ?? "see the log"}`,
        in_progress: `is running right now (${date})`,
      };
      result.push({ target: target.label, date, outcome, summary: [`${target.label}: ${words[outcome]}`] });
      continue;
    }
    try {
      const done = await job.run({ ...d.deps, platforms: d.platforms }, now, target);
      await d.runs.markDone(runId, d.clock().toJSDate());
      d.log.info(`ran ${job.name} for ${target.label} on ${date} from the playground`);
      result.push({ target: target.label, date, outcome: "ran", summary: done.summary });
    } catch (error) {
      await d.runs.markFailed(runId, reason(error), d.clock().toJSDate());
      d.log.error(`${job.name} for ${target.label} on ${date} failed (run from the playground)`, error);
      result.push({
        target: target.label,
        date,
        outcome: "failed",
        summary: [`${target.label}: failed: ${reason(error)}`],
      });
    }
  }
  if (result.some((r) => r.outcome === "ran")) giveBackMemory();
  // Said in words, so the page does not show a bare "nothing to post" for, say, the TikTok sync with no shop connected.
  const summary = result.length ? result.flatMap((r) => r.summary) : [`${job.name} has no targets: nothing to run`];
  return { runs: result, summary };
}
