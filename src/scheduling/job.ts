// What a scheduled job is. Each lives in scheduled/<name>.ts; only src/scheduling/scheduler.ts uses
// node-schedule. `run` is also what "POST /api/playground/run" calls to run a job now.
import type { DateTime } from "luxon";
import type { ChatPlatform } from "../chat/platform.js";

/** When a job fires: a local wall-clock time per team (its timezone), read fresh on every tick. */
export interface JobSchedule {
  /** e.g. "digestTime": the team column holding "HH:mm". */
  teamTimeField: "standupTime" | "standupDeadline" | "digestTime" | "weeklyReportTime";
  /** ISO weekdays it runs on; undefined = the team's working days. */
  weekdays?: number[];
}

export interface JobResult {
  /** One line per thing posted or skipped, for logs and the playground. */
  summary: string[];
}

export interface ScheduledJob<Services> {
  name: string;
  description: string;
  when: JobSchedule;
  run(deps: Services & { platforms: ChatPlatform[] }, now: DateTime): Promise<JobResult>;
}
