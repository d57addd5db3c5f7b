// What a scheduled job is. Each lives in scheduled/<name>.ts; only src/scheduling/scheduler.ts uses
// node-schedule. `run` without a target is also what "POST /api/playground/run" calls to run a job now.
import type { DateTime } from "luxon";
import type { ChatPlatform } from "../chat/platform.js";

/** One thing a job fires for (a team, or a member) and when, in that target's own wall-clock time. */
export interface JobTarget {
  /** Team id or member id: with the job name and the local date, the key a run is claimed under. */
  key: string;
  /** What the log and the playground call it ("ID-beauty", "@budi"). */
  label: string;
  /** IANA zone the time is read in. */
  timezone: string;
  /** Local wall-clock time "HH:mm". */
  time: string;
  /** ISO weekdays it runs on (1 = Monday). */
  weekdays: number[];
  /** Local dates it does not run on (holidays), "yyyy-MM-dd". */
  skipDates?: string[];
}

export interface JobResult {
  /** One line per thing posted or skipped, for logs and the playground. */
  summary: string[];
}

export type JobDeps<Services> = Services & { platforms: ChatPlatform[] };

export interface ScheduledJob<Services> {
  name: string;
  description: string;
  /**
   * The targets and their local times, read fresh on every scheduler tick, so a team's new timezone or time
   * applies without a restart.
   */
  targets(deps: Services, now: DateTime): Promise<JobTarget[]>;
  /** Runs for one target (its local date is now in its zone), or for every target when none is given. */
  run(deps: JobDeps<Services>, now: DateTime, target?: JobTarget): Promise<JobResult>;
}
