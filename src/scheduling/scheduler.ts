// Runs scheduled jobs exactly once per (job, target, local date), across replicas and restarts.
//
// Every minute (node-schedule; the only file that uses it) a tick reads each job's targets afresh, works out in
// each target's own timezone (luxon) whether today's run is due, and claims it in the database before running
// it. The claim's unique key makes one replica the runner; a replica that dies mid-run leaves a claim whose lease
// expires, and one other replica retries it once. A run missed while every replica was down is caught up while
// it is within the grace window and recorded as skipped (one log line) after it.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { DateTime } from "luxon";
import schedule from "node-schedule";
import type { ChatPlatform } from "../chat/platform.js";
import type { Logger } from "../log.js";
import { giveBackMemory } from "./give-back-memory.js";
import type { JobTarget, ScheduledJob } from "./job.js";
import type { JobRunRepository } from "./job-runs.js";

export interface SchedulerOptions<Services> {
  jobs: ScheduledJob<Services>[];
  deps: Services;
  platforms: ChatPlatform[];
  runs: JobRunRepository;
  clock: () => DateTime;
  log: Logger;
  /** Names this replica in claims; defaults to host, process id and a random suffix. */
  instanceId?: string;
  /** How long a claim holds before another replica may retry the run. */
  leaseMinutes?: number;
  /** How late a missed run may still be caught up; later than this it is skipped. */
  graceMinutes?: number;
}

/** "job:targetKey:yyyy-MM-dd" per run, for tests and logs. */
export interface TickReport {
  ran: string[];
  skipped: string[];
  failed: string[];
}

export interface Scheduler {
  /** Ticks now (catching up what was missed while down), then at the start of every minute. */
  start(): void;
  /** Stops ticking; resolves once a tick in progress has finished. */
  stop(): Promise<void>;
  /** One pass over every job and target; waits for a tick in progress first, so ticks never overlap. */
  tick(): Promise<TickReport>;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** How long a run's claim holds before another replica may retry it (also for runs started from the playground). */
export const RUN_LEASE_MINUTES = 10;

/** "5h 0m" */
const hoursMinutes = (minutes: number) => `${Math.floor(minutes / 60)}h ${Math.floor(minutes % 60)}m`;
/** "3h", "1h 30m", "45m" */
const compact = (minutes: number) =>
  [minutes >= 60 ? `${Math.floor(minutes / 60)}h` : "", minutes % 60 ? `${minutes % 60}m` : ""]
    .filter(Boolean)
    .join(" ");

/**
 * The instant a local wall-clock time happens on a local date in a zone. A time that does not exist that day
 * (skipped by a spring-forward change, e.g. 01:30 in London on the last Sunday of March) is moved forward by the
 * gap, as luxon normalises it (01:30 → 02:30 BST), so the run still happens that day. A time that happens twice
 * (fall-back) is its first occurrence, when the wall clock first shows it.
 */
export function dueMoment(date: string, time: string, zone: string): DateTime | undefined {
  const day = DateTime.fromISO(date, { zone });
  const match = TIME.exec(time);
  if (!day.isValid || !match) return undefined;
  const wall = { year: day.year, month: day.month, day: day.day, hour: Number(match[1]), minute: Number(match[2]) };
  const normalised = DateTime.fromObject(wall, { zone });
  if (!normalised.isValid) return undefined;
  // Luxon resolves an ambiguous wall-clock time to one of its two instants; try the offsets in force a day either
  // side and keep the earliest instant that really shows this wall-clock time.
  const asUtc = DateTime.fromObject(wall, { zone: "utc" });
  let due: DateTime = normalised;
  for (const offset of [normalised.minus({ days: 1 }).offset, normalised.plus({ days: 1 }).offset]) {
    const candidate = asUtc.minus({ minutes: offset }).setZone(zone);
    const shows = candidate.day === wall.day && candidate.hour === wall.hour && candidate.minute === wall.minute;
    if (shows && candidate < due) due = candidate;
  }
  return due;
}

export function createScheduler<Services>(options: SchedulerOptions<Services>): Scheduler {
  const { jobs, deps, platforms, runs, clock, log } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseMinutes = options.leaseMinutes ?? RUN_LEASE_MINUTES;
  const graceMinutes = options.graceMinutes ?? 180;

  /** Runs this replica knows are over (done, failed, skipped): no need to ask the database again. */
  const settled = new Map<string, string>();
  // Jobs with no run anywhere yet (a first start): their past times were never missed, only not reached yet.
  const history = new Map<string, Promise<boolean>>();
  const everRan = (jobName: string) => {
    if (!history.has(jobName)) history.set(jobName, runs.hasHistory(jobName));
    return history.get(jobName) as Promise<boolean>;
  };
  /** Targets already warned about (a bad timezone or time), so the warning is not repeated every minute. */
  const warned = new Set<string>();

  let timer: schedule.Job | undefined;
  let inFlight: Promise<TickReport> | undefined;
  let stopping = false;

  async function runTick(): Promise<TickReport> {
    const now = clock();
    const report: TickReport = { ran: [], skipped: [], failed: [] };
    forgetOldRuns(now);
    for (const job of jobs) {
      if (stopping) break;
      let targets: JobTarget[];
      try {
        targets = await job.targets(deps, now);
      } catch (error) {
        log.error(`could not list the targets of ${job.name}`, error);
        continue;
      }
      for (const target of targets) {
        if (stopping) break;
        try {
          await consider(job, target, now, report);
        } catch (error) {
          // The database was unreachable, most likely; the next tick tries again.
          log.error(`scheduler: could not process ${job.name} for ${target.label}`, error);
        }
      }
    }
    if (report.ran.length > 0) giveBackMemory();
    return report;
  }

  /** Today's run and, while it is still within grace (a 23:30 job and a restart at 00:10), yesterday's. */
  async function consider(job: ScheduledJob<Services>, target: JobTarget, now: DateTime, report: TickReport) {
    const local = now.setZone(target.timezone);
    if (!local.isValid || !TIME.test(target.time)) {
      const warning = `${job.name}:${target.key}:${target.timezone}:${target.time}`;
      if (!warned.has(warning)) {
        warned.add(warning);
        log.warn(`scheduler: ${job.name} for ${target.label} has an invalid timezone or time`);
      }
      return;
    }
    const today = local.startOf("day");
    for (const day of [today.minus({ days: 1 }), today]) {
      const date = day.toISODate() as string;
      const id = `${job.name}:${target.key}:${date}`;
      if (settled.has(id)) continue;
      if (!target.weekdays.includes(day.weekday) || target.skipDates?.includes(date)) continue;
      const due = dueMoment(date, target.time, target.timezone);
      if (!due || now < due) continue;
      const lateMinutes = now.diff(due, "minutes").minutes;
      const isToday = day.equals(today);
      if (lateMinutes > graceMinutes) {
        // Only today's missed run is recorded and logged: yesterday's is looked at only while it can still be caught
        // up, so a fresh target or a new job does not log a skip for a day before it existed.
        if (!isToday) continue;
        const reason = `missed by ${hoursMinutes(lateMinutes)}, grace ${compact(graceMinutes)}`;
        // Asked before the skip is recorded: recording it would itself be history.
        const missed = await everRan(job.name);
        if (
          await runs.recordSkipped({
            jobName: job.name,
            targetKey: target.key,
            localDate: date,
            instanceId,
            now: now.toJSDate(),
            reason,
          })
        ) {
          if (missed) log.warn(`skipped ${job.name} for ${target.label} on ${date}: ${reason}`);
          else
            log.info(`not run ${job.name} for ${target.label} on ${date}: its time had passed before the first start`);
          report.skipped.push(id);
        }
        settled.set(id, date);
        continue;
      }
      await claimAndRun(job, target, { id, date, now, due, local, lateMinutes }, report);
    }
  }

  async function claimAndRun(
    job: ScheduledJob<Services>,
    target: JobTarget,
    run: { id: string; date: string; now: DateTime; due: DateTime; local: DateTime; lateMinutes: number },
    report: TickReport,
  ) {
    const { id, date, now } = run;
    const claim = await runs.claim({
      jobName: job.name,
      targetKey: target.key,
      localDate: date,
      instanceId,
      leaseUntil: now.plus({ minutes: leaseMinutes }).toJSDate(),
      now: now.toJSDate(),
    });
    if (claim.outcome === "taken") {
      if (claim.final) settled.set(id, date);
      return;
    }
    if (claim.outcome === "abandoned") {
      settled.set(id, date);
      log.error(
        `gave up on ${job.name} for ${target.label} on ${date}: its retry (by ${claim.previousClaimedBy}) did not finish either`,
      );
      report.failed.push(id);
      return;
    }
    if (claim.outcome === "reclaimed") {
      log.warn(`retrying ${job.name} for ${target.label} on ${date}: the claim by ${claim.previousClaimedBy} expired`);
    }
    // The job reads "now" in the target's zone as the run's local date: for yesterday's run caught up after
    // midnight, that is the moment it was due.
    const runNow = run.local.toISODate() === date ? now : run.due.toUTC();
    try {
      const result = await job.run({ ...deps, platforms }, runNow, target);
      await runs.markDone(claim.id, clock().toJSDate());
      settled.set(id, date);
      const late = run.lateMinutes >= 1 ? ` (${hoursMinutes(run.lateMinutes)} late)` : "";
      log.info(
        `ran ${job.name} for ${target.label} on ${date}${late}: ${result.summary.join("; ") || "nothing to do"}`,
      );
      report.ran.push(id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await runs.markFailed(claim.id, message, clock().toJSDate());
      settled.set(id, date);
      log.error(`${job.name} for ${target.label} on ${date} failed`, error);
      report.failed.push(id);
    }
  }

  /** Runs more than two days old can no longer be due (yesterday is the furthest a tick looks back). */
  function forgetOldRuns(now: DateTime) {
    const cutoff = now.toUTC().minus({ days: 3 }).toISODate() as string;
    for (const [id, date] of settled) if (date < cutoff) settled.delete(id);
  }

  function tick(): Promise<TickReport> {
    const previous = inFlight ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(runTick);
    inFlight = current;
    const clear = () => {
      if (inFlight === current) inFlight = undefined;
    };
    current.then(clear, clear);
    return current;
  }

  return {
    start() {
      if (timer) return;
      stopping = false;
      const fire = () => {
        // A tick still running (a slow job) is not queued behind: the next minute's tick covers the same ground.
        if (inFlight) {
          log.debug("scheduler: the previous tick is still running; skipping this minute");
          return;
        }
        tick().catch((error: unknown) => log.error("scheduler tick failed", error));
      };
      timer = schedule.scheduleJob("* * * * *", fire);
      // Ask "has this job ever run?" before the first tick claims anything, so a first start is recognised.
      for (const job of jobs) void everRan(job.name).catch(() => false);
      fire();
      log.info(`scheduler started (${jobs.length} jobs, instance ${instanceId})`);
    },
    async stop() {
      stopping = true;
      timer?.cancel();
      timer = undefined;
      await inFlight?.catch(() => undefined);
    },
    tick,
  };
}
