// The scheduler with a fake clock: each (job, target, local date) runs exactly once, in five timezones, across
// London's DST changes, with three replicas on one PostgreSQL, after a crash between claim and send, and after
// downtime (caught up within the grace window, skipped with one log line after it).
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { createLogger, type Logger, silentLogger } from "../../src/log.js";
import type { JobTarget, ScheduledJob } from "../../src/scheduling/job.js";
import { createJobRunRepository, type JobRunRepository } from "../../src/scheduling/job-runs.js";
import { createScheduler, dueMoment, type Scheduler, type TickReport } from "../../src/scheduling/scheduler.js";
import { startTestApp, type TestClock, testClock } from "../support/app.js";
import { DATABASE_KINDS, emptyDatabaseConfig, migratedDatabase } from "../support/databases.js";

type Deps = { team: string };
const DEPS: Deps = { team: "test" };
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS = [1, 2, 3, 4, 5];

/** One run as the job saw it: the target, its local date, and the UTC instant it ran. */
interface Fired {
  key: string;
  date: string;
  at: string;
}

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

function target(key: string, timezone: string, time: string, weekdays = EVERY_DAY, skipDates?: string[]): JobTarget {
  return { key, label: key, timezone, time, weekdays, skipDates };
}

/** A job whose targets are whatever `targets` holds at each tick and which records every run into `fired`. */
function recordingJob(
  name: string,
  targets: JobTarget[] | (() => JobTarget[]),
  fired: Fired[],
  send: (target: JobTarget) => Promise<void> = async () => {},
): ScheduledJob<Deps> {
  return {
    name,
    description: `test job ${name}`,
    async targets() {
      return typeof targets === "function" ? targets() : targets;
    },
    async run(deps, now, runTarget) {
      expect(deps.team).toBe("test");
      expect(deps.platforms).toEqual([]);
      if (!runTarget) throw new Error("the scheduler always passes a target");
      await send(runTarget);
      fired.push({
        key: runTarget.key,
        date: now.setZone(runTarget.timezone).toISODate() as string,
        at: now.toUTC().toISO() as string,
      });
      return { summary: [`posted for ${runTarget.label}`] };
    },
  };
}

function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger("debug", (line) => lines.push(line)), lines };
}

function schedulerFor(
  runs: JobRunRepository,
  clock: TestClock,
  jobs: ScheduledJob<Deps>[],
  options: { instanceId?: string; log?: Logger } = {},
): Scheduler {
  return createScheduler<Deps>({
    jobs,
    deps: DEPS,
    platforms: [],
    runs,
    clock,
    log: options.log ?? silentLogger,
    instanceId: options.instanceId ?? "replica-b",
  });
}

/** Ticks at every step from `from` up to (not including) `to`; returns every report's entries. */
async function stepThrough(
  scheduler: Scheduler,
  clock: TestClock,
  from: string,
  to: string,
  stepMinutes: number,
): Promise<TickReport> {
  const all: TickReport = { ran: [], skipped: [], failed: [] };
  for (let at = utc(from); at < utc(to); at = at.plus({ minutes: stepMinutes })) {
    clock.now = at;
    const report = await scheduler.tick();
    all.ran.push(...report.ran);
    all.skipped.push(...report.skipped);
    all.failed.push(...report.failed);
  }
  return all;
}

describe("dueMoment", () => {
  it("places a local time on its instant, moving a spring-forward gap on and taking a repeated time's first", () => {
    const at = (date: string, time: string, zone: string) => dueMoment(date, time, zone)?.toUTC().toISO();
    expect(at("2026-11-23", "09:00", "Asia/Jakarta")).toBe("2026-11-23T02:00:00.000Z");
    expect(at("2026-07-01", "09:00", "Europe/London")).toBe("2026-07-01T08:00:00.000Z");
    // 01:30 does not exist in London on 29 March 2026: 01:00 GMT jumps to 02:00 BST. It runs at 02:30 BST.
    expect(at("2026-03-29", "01:30", "Europe/London")).toBe("2026-03-29T01:30:00.000Z");
    expect(dueMoment("2026-03-29", "01:30", "Europe/London")?.toISO()).toBe("2026-03-29T02:30:00.000+01:00");
    // 01:30 happens twice on 25 October 2026 (BST, then GMT): the first one.
    expect(at("2026-10-25", "01:30", "Europe/London")).toBe("2026-10-25T00:30:00.000Z");
    expect(at("2026-10-25", "02:00", "Europe/London")).toBe("2026-10-25T02:00:00.000Z");
    expect(at("2026-11-04", "01:30", "America/New_York")).toBe("2026-11-04T06:30:00.000Z");
    expect(dueMoment("2026-11-23", "9:00", "Europe/London")).toBeUndefined();
    expect(dueMoment("2026-11-23", "09:00", "Mars/Olympus")).toBeUndefined();
  });
});

describe.each(DATABASE_KINDS)("the scheduler on %s", (kind) => {
  let db: Database;
  let runs: JobRunRepository;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    runs = createJobRunRepository(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("fires a 09:00 job in five timezones once each, at each zone's 09:00", async () => {
    const fired: Fired[] = [];
    const zones = ["Asia/Jakarta", "Asia/Bangkok", "Europe/London", "America/New_York", "Asia/Shanghai"];
    const job = recordingJob(
      "five-zones",
      zones.map((zone) => target(zone, zone, "09:00", WEEKDAYS)),
      fired,
    );
    const clock = testClock();
    // Monday 23 November 2026 in UTC, minute by minute (the day before is a Sunday, not a weekday).
    const report = await stepThrough(
      schedulerFor(runs, clock, [job]),
      clock,
      "2026-11-23T00:00Z",
      "2026-11-24T00:00Z",
      1,
    );
    expect(fired).toEqual([
      { key: "Asia/Shanghai", date: "2026-11-23", at: "2026-11-23T01:00:00.000Z" },
      { key: "Asia/Jakarta", date: "2026-11-23", at: "2026-11-23T02:00:00.000Z" },
      { key: "Asia/Bangkok", date: "2026-11-23", at: "2026-11-23T02:00:00.000Z" },
      { key: "Europe/London", date: "2026-11-23", at: "2026-11-23T09:00:00.000Z" },
      { key: "America/New_York", date: "2026-11-23", at: "2026-11-23T14:00:00.000Z" },
    ]);
    expect(report.ran).toHaveLength(5);
    expect(report.skipped).toEqual([]);
    expect(report.failed).toEqual([]);
    for (const zone of zones) {
      const row = await runs.find("five-zones", zone, "2026-11-23");
      expect(row).toMatchObject({ status: "done", attempts: 1, claimedBy: "replica-b", localDate: "2026-11-23" });
    }
  });

  it("keeps a London 09:00 job at 09:00 local across both DST changes, once a day", async () => {
    const fired: Fired[] = [];
    const clock = testClock();
    const scheduler = schedulerFor(runs, clock, [
      recordingJob("london-morning", [target("london", "Europe/London", "09:00")], fired),
    ]);
    await stepThrough(scheduler, clock, "2026-03-27T00:00Z", "2026-03-31T00:00Z", 5);
    await stepThrough(scheduler, clock, "2026-10-23T00:00Z", "2026-10-27T00:00Z", 5);
    expect(fired.map((f) => `${f.date} ${f.at}`)).toEqual([
      "2026-03-27 2026-03-27T09:00:00.000Z",
      "2026-03-28 2026-03-28T09:00:00.000Z",
      "2026-03-29 2026-03-29T08:00:00.000Z",
      "2026-03-30 2026-03-30T08:00:00.000Z",
      "2026-10-23 2026-10-23T08:00:00.000Z",
      "2026-10-24 2026-10-24T08:00:00.000Z",
      "2026-10-25 2026-10-25T09:00:00.000Z",
      "2026-10-26 2026-10-26T09:00:00.000Z",
    ]);
  });

  it("fires a 01:30 London job once on the night 01:30 does not exist and once on the night it happens twice", async () => {
    const fired: Fired[] = [];
    const clock = testClock();
    const scheduler = schedulerFor(runs, clock, [
      recordingJob("london-night", [target("london", "Europe/London", "01:30")], fired),
    ]);
    await stepThrough(scheduler, clock, "2026-03-28T00:00Z", "2026-03-30T06:00Z", 1);
    await stepThrough(scheduler, clock, "2026-10-24T00:00Z", "2026-10-26T06:00Z", 1);
    expect(fired.map((f) => `${f.date} ${f.at}`)).toEqual([
      "2026-03-28 2026-03-28T01:30:00.000Z",
      // 01:30 GMT never shows on the clock; the run happens at 02:30 BST, the same instant the time would have been.
      "2026-03-29 2026-03-29T01:30:00.000Z",
      "2026-03-30 2026-03-30T00:30:00.000Z",
      "2026-10-24 2026-10-24T00:30:00.000Z",
      // 01:30 shows at 00:30Z (BST) and again at 01:30Z (GMT): one run, at the first.
      "2026-10-25 2026-10-25T00:30:00.000Z",
      "2026-10-26 2026-10-26T01:30:00.000Z",
    ]);
  });

  it("retries a run whose replica died between claim and send once the lease has expired, and only once", async () => {
    const fired: Fired[] = [];
    const { log, lines } = capturingLogger();
    const clock = testClock(utc("2026-11-23T09:00Z"));
    const scheduler = schedulerFor(
      runs,
      clock,
      [recordingJob("crash", [target("team", "Europe/London", "09:00")], fired)],
      {
        log,
      },
    );
    const key = { jobName: "crash", targetKey: "team", localDate: "2026-11-23" };
    const claimAt = (instanceId: string, now: DateTime) =>
      runs.claim({ ...key, instanceId, now: now.toJSDate(), leaseUntil: now.plus({ minutes: 10 }).toJSDate() });

    // Replica A claims at 09:00 and dies before sending.
    expect((await claimAt("replica-a", clock.now)).outcome).toBe("claimed");
    expect(await claimAt("replica-c", clock.now)).toMatchObject({ outcome: "taken", final: false });
    // While A's lease holds, B leaves the run alone.
    for (const at of ["2026-11-23T09:00Z", "2026-11-23T09:05Z", "2026-11-23T09:10Z"]) {
      clock.now = utc(at);
      expect((await scheduler.tick()).ran).toEqual([]);
    }
    // After it, B retries it: sent exactly once.
    clock.now = utc("2026-11-23T09:11Z");
    expect((await scheduler.tick()).ran).toEqual(["crash:team:2026-11-23"]);
    await stepThrough(scheduler, clock, "2026-11-23T09:12Z", "2026-11-23T13:00Z", 5);
    expect(fired).toEqual([{ key: "team", date: "2026-11-23", at: "2026-11-23T09:11:00.000Z" }]);
    expect(await runs.find("crash", "team", "2026-11-23")).toMatchObject({
      status: "done",
      attempts: 2,
      claimedBy: "replica-b",
    });
    expect(lines.some((l) => l.includes("retrying crash for team on 2026-11-23: the claim by replica-a expired"))).toBe(
      true,
    );
    expect(await claimAt("replica-c", clock.now)).toMatchObject({ outcome: "taken", final: true });

    // The next day A dies after claiming, and so does the replica that retried it: no third attempt.
    const nextDay = { ...key, localDate: "2026-11-24" };
    const at0900 = utc("2026-11-24T09:00Z");
    const at0911 = utc("2026-11-24T09:11Z");
    expect(
      (
        await runs.claim({
          ...nextDay,
          instanceId: "replica-a",
          now: at0900.toJSDate(),
          leaseUntil: at0900.plus({ minutes: 10 }).toJSDate(),
        })
      ).outcome,
    ).toBe("claimed");
    expect(
      await runs.claim({
        ...nextDay,
        instanceId: "replica-c",
        now: at0911.toJSDate(),
        leaseUntil: at0911.plus({ minutes: 10 }).toJSDate(),
      }),
    ).toMatchObject({ outcome: "reclaimed", previousClaimedBy: "replica-a" });
    clock.now = utc("2026-11-24T09:15Z");
    expect(await scheduler.tick()).toEqual({ ran: [], skipped: [], failed: [] });
    clock.now = utc("2026-11-24T09:22Z");
    expect(await scheduler.tick()).toEqual({ ran: [], skipped: [], failed: ["crash:team:2026-11-24"] });
    expect(lines.some((l) => l.includes("ERROR") && l.includes("gave up on crash for team on 2026-11-24"))).toBe(true);
    await stepThrough(scheduler, clock, "2026-11-24T09:23Z", "2026-11-24T13:00Z", 5);
    expect(fired).toHaveLength(1);
    expect(await runs.find("crash", "team", "2026-11-24")).toMatchObject({
      status: "failed",
      attempts: 2,
      claimedBy: "replica-c",
    });
    // A fresh scheduler (a restart) does not try it again either.
    clock.now = utc("2026-11-24T09:40Z");
    const restarted = schedulerFor(
      runs,
      clock,
      [recordingJob("crash", [target("team", "Europe/London", "09:00")], fired)],
      {
        instanceId: "replica-d",
      },
    );
    expect((await restarted.tick()).ran).toEqual([]);
    expect(fired).toHaveLength(1);
  });

  it("marks a run that throws as failed, logs it, and does not run it again that day", async () => {
    const fired: Fired[] = [];
    const { log, lines } = capturingLogger();
    const clock = testClock();
    const job = recordingJob("flaky", [target("team", "Asia/Jakarta", "09:00")], fired, async () => {
      throw new Error("Slack said no");
    });
    const report = await stepThrough(
      schedulerFor(runs, clock, [job], { log }),
      clock,
      "2026-11-23T01:00Z",
      "2026-11-23T06:00Z",
      5,
    );
    expect(report).toEqual({ ran: [], skipped: [], failed: ["flaky:team:2026-11-23"] });
    expect(await runs.find("flaky", "team", "2026-11-23")).toMatchObject({ status: "failed", error: "Slack said no" });
    expect(lines.filter((l) => l.includes("flaky for team on 2026-11-23 failed"))).toHaveLength(1);
  });

  it("on a first start, says at info level that earlier times were not reached, instead of warning of misses", async () => {
    const fired: Fired[] = [];
    const { log, lines } = capturingLogger();
    const clock = testClock();
    const scheduler = schedulerFor(
      runs,
      clock,
      [recordingJob("brand-new", [target("team", "Europe/London", "09:00")], fired)],
      {
        log,
      },
    );
    clock.now = utc("2026-11-23T15:00Z");
    expect((await scheduler.tick()).skipped).toEqual(["brand-new:team:2026-11-23"]);
    const line = lines.find((l) => l.includes("brand-new for team on 2026-11-23"));
    expect(line).toContain("INFO");
    expect(line).toContain("not run brand-new for team on 2026-11-23: its time had passed before the first start");
    expect(fired).toHaveLength(0);
  });

  it("catches up a run missed during downtime within the grace window, and skips it with one log line after", async () => {
    const fired: Fired[] = [];
    const { log, lines } = capturingLogger();
    const clock = testClock();
    const job = () => recordingJob("downtime", [target("team", "Europe/London", "09:00")], fired);
    const scheduler = schedulerFor(runs, clock, [job()], { log });

    // Down from 08:00 to 11:00: the 09:00 run happens at 11:00.
    clock.now = utc("2026-11-23T08:00Z");
    expect((await scheduler.tick()).ran).toEqual([]);
    clock.now = utc("2026-11-23T11:00Z");
    expect((await scheduler.tick()).ran).toEqual(["downtime:team:2026-11-23"]);
    expect(lines.some((l) => l.includes("ran downtime for team on 2026-11-23 (2h 0m late): posted for team"))).toBe(
      true,
    );

    // Down from 08:00 to 14:00 the next day: beyond the 3 h grace, skipped with one line, never run that day.
    clock.now = utc("2026-11-24T08:00Z");
    expect((await scheduler.tick()).ran).toEqual([]);
    clock.now = utc("2026-11-24T14:00Z");
    expect(await scheduler.tick()).toEqual({ ran: [], skipped: ["downtime:team:2026-11-24"], failed: [] });
    await stepThrough(scheduler, clock, "2026-11-24T14:01Z", "2026-11-24T23:59Z", 7);
    // Another replica (or a restart) does not log it again.
    const restarted = schedulerFor(runs, clock, [job()], { log, instanceId: "replica-e" });
    clock.now = utc("2026-11-24T15:00Z");
    expect(await restarted.tick()).toEqual({ ran: [], skipped: [], failed: [] });
    const skipLines = lines.filter((l) => l.includes("skipped downtime"));
    expect(skipLines).toHaveLength(1);
    expect(skipLines[0]).toContain("WARN");
    expect(skipLines[0]).toContain("skipped downtime for team on 2026-11-24: missed by 5h 0m, grace 3h");
    expect(await runs.find("downtime", "team", "2026-11-24")).toMatchObject({ status: "skipped" });

    // The day after, it runs on time again.
    await stepThrough(restarted, clock, "2026-11-25T08:00Z", "2026-11-25T10:00Z", 5);
    expect(fired.map((f) => `${f.date} ${f.at}`)).toEqual([
      "2026-11-23 2026-11-23T11:00:00.000Z",
      "2026-11-25 2026-11-25T09:00:00.000Z",
    ]);
  });

  it("catches up yesterday's late-evening run after a restart just past midnight", async () => {
    const fired: Fired[] = [];
    const clock = testClock();
    const job = () => recordingJob("evening", [target("team", "Europe/London", "23:30")], fired);
    clock.now = utc("2026-11-23T23:00Z");
    expect((await schedulerFor(runs, clock, [job()]).tick()).ran).toEqual([]);
    // Down from 23:00 to 00:10: the restarted scheduler runs Monday's 23:30 run, as of when it was due.
    clock.now = utc("2026-11-24T00:10Z");
    const restarted = schedulerFor(runs, clock, [job()], { instanceId: "replica-f" });
    expect((await restarted.tick()).ran).toEqual(["evening:team:2026-11-23"]);
    expect(fired).toEqual([{ key: "team", date: "2026-11-23", at: "2026-11-23T23:30:00.000Z" }]);
    await stepThrough(restarted, clock, "2026-11-24T00:11Z", "2026-11-24T23:00Z", 10);
    expect(fired).toHaveLength(1);
  });

  it("applies a target's new time or timezone at the next tick, without a restart", async () => {
    const fired: Fired[] = [];
    const clock = testClock();
    const team = target("team", "Europe/London", "09:00");
    const scheduler = schedulerFor(runs, clock, [recordingJob("changes", () => [{ ...team }], fired)]);

    await stepThrough(scheduler, clock, "2026-11-23T00:00Z", "2026-11-23T08:00Z", 5);
    team.time = "08:30";
    await stepThrough(scheduler, clock, "2026-11-23T08:00Z", "2026-11-24T00:00Z", 5);
    team.timezone = "Asia/Jakarta";
    await stepThrough(scheduler, clock, "2026-11-24T00:00Z", "2026-11-25T00:00Z", 5);
    team.time = "17:45";
    await stepThrough(scheduler, clock, "2026-11-25T00:00Z", "2026-11-26T00:00Z", 5);
    expect(fired.map((f) => `${f.date} ${f.at}`)).toEqual([
      "2026-11-23 2026-11-23T08:30:00.000Z",
      "2026-11-24 2026-11-24T01:30:00.000Z",
      "2026-11-25 2026-11-25T10:45:00.000Z",
    ]);
  });

  it("runs only on the target's weekdays and not on its skip dates", async () => {
    const fired: Fired[] = [];
    const clock = testClock();
    const job = recordingJob(
      "weekdays",
      [
        // Monday, Wednesday, Friday, but not Wednesday 25 November (a holiday).
        target("mwf", "Europe/London", "09:00", [1, 3, 5], ["2026-11-25"]),
        target("weekend", "Asia/Jakarta", "10:00", [6, 7]),
      ],
      fired,
    );
    const report = await stepThrough(
      schedulerFor(runs, clock, [job]),
      clock,
      "2026-11-23T00:00Z",
      "2026-11-30T00:00Z",
      15,
    );
    expect(fired.map((f) => `${f.key} ${f.date} ${f.at}`)).toEqual([
      "mwf 2026-11-23 2026-11-23T09:00:00.000Z",
      "mwf 2026-11-27 2026-11-27T09:00:00.000Z",
      "weekend 2026-11-28 2026-11-28T03:00:00.000Z",
      "weekend 2026-11-29 2026-11-29T03:00:00.000Z",
    ]);
    expect(report.skipped).toEqual([]);
    expect(await runs.find("weekdays", "mwf", "2026-11-25")).toBeNull();
  });

  it("start() catches up at once, and stop() waits for the run in progress", async () => {
    const fired: Fired[] = [];
    const clock = testClock(utc("2026-11-23T10:00Z"));
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scheduler = schedulerFor(runs, clock, [
      recordingJob("start-stop", [target("team", "Europe/London", "09:00")], fired, async () => {
        started();
        await gate;
      }),
    ]);
    scheduler.start();
    // The tick at start runs the 09:00 run missed while down (an hour ago) without waiting for the next minute.
    await running;
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(fired).toEqual([{ key: "team", date: "2026-11-23", at: "2026-11-23T10:00:00.000Z" }]);
    expect(await runs.find("start-stop", "team", "2026-11-23")).toMatchObject({ status: "done" });
  });

  it("is part of a running Starling: app.scheduler.tick() with no teams runs nothing, and stop() stops it", async () => {
    const app = await startTestApp(kind, { demo: false });
    try {
      expect(await app.scheduler.tick()).toEqual({ ran: [], skipped: [], failed: [] });
    } finally {
      await app.stop();
    }
  });
});

describe("three schedulers on one PostgreSQL", () => {
  const dbs: Database[] = [];
  let repos: JobRunRepository[];
  beforeAll(async () => {
    const config = await emptyDatabaseConfig("postgres");
    for (let i = 0; i < 3; i++) dbs.push(createDatabase(config));
    await migrate((dbs[0] as Database).sql);
    repos = dbs.map((db) => createJobRunRepository(db.prisma));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
  });

  const zones = ["Asia/Jakarta", "Asia/Bangkok", "Europe/London", "America/New_York", "Asia/Shanghai"];
  /** 25 targets, five per zone, all at 09:00 local. */
  const targets = zones.flatMap((zone) => [1, 2, 3, 4, 5].map((n) => target(`${zone}#${n}`, zone, "09:00")));

  function replicas(jobs: ScheduledJob<Deps>[], clock: TestClock, log?: Logger) {
    return repos.map((runs, i) => schedulerFor(runs, clock, jobs, { instanceId: `replica-${i + 1}`, log }));
  }

  async function tickAll(schedulers: Scheduler[]): Promise<TickReport> {
    const reports = await Promise.all(schedulers.map((s) => s.tick()));
    return {
      ran: reports.flatMap((r) => r.ran),
      skipped: reports.flatMap((r) => r.skipped),
      failed: reports.flatMap((r) => r.failed),
    };
  }

  it("firing at the same instant post each target exactly once", async () => {
    const fired: Fired[] = [];
    const clock = testClock();
    const schedulers = replicas([recordingJob("together", targets, fired)], clock);
    const ran: string[] = [];
    // Every replica ticks at the same instant, every 5 minutes through the UTC day.
    for (let at = utc("2026-11-23T00:00Z"); at < utc("2026-11-24T00:00Z"); at = at.plus({ minutes: 5 })) {
      clock.now = at;
      ran.push(...(await tickAll(schedulers)).ran);
    }
    expect(fired).toHaveLength(targets.length);
    expect(new Set(fired.map((f) => f.key)).size).toBe(targets.length);
    expect(ran).toHaveLength(targets.length);
    expect(new Set(ran).size).toBe(targets.length);
    for (const f of fired) {
      expect(f.date).toBe("2026-11-23");
      expect(
        DateTime.fromISO(f.at)
          .setZone(f.key.split("#")[0] as string)
          .toFormat("HH:mm"),
      ).toBe("09:00");
    }
    const rows = await dbs[0]?.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "JobRun" WHERE "jobName" = 'together' AND status = 'done'`,
    );
    expect(rows?.[0]?.n).toBe(targets.length);
  });

  it("retry a dead replica's expired claims exactly once, and give up on a dead retry exactly once", async () => {
    const fired: Fired[] = [];
    const { log, lines } = capturingLogger();
    const at0900 = utc("2026-11-23T09:00Z");
    const lease = { now: at0900.toJSDate(), leaseUntil: at0900.plus({ minutes: 10 }).toJSDate() };
    const london = targets.filter((t) => t.timezone === "Europe/London");
    const [first, ...others] = london;
    // A dead replica claimed every London run at 09:00; the first had already been retried by another dead one.
    for (const t of london) {
      const key = { jobName: "dead", targetKey: t.key, localDate: "2026-11-23" };
      expect((await (repos[0] as JobRunRepository).claim({ ...key, instanceId: "dead-1", ...lease })).outcome).toBe(
        "claimed",
      );
    }
    const at0911 = utc("2026-11-23T09:11Z");
    expect(
      (
        await (repos[0] as JobRunRepository).claim({
          jobName: "dead",
          targetKey: first?.key as string,
          localDate: "2026-11-23",
          instanceId: "dead-2",
          now: at0911.toJSDate(),
          leaseUntil: at0911.plus({ minutes: 10 }).toJSDate(),
        })
      ).outcome,
    ).toBe("reclaimed");

    const clock = testClock(utc("2026-11-23T09:30Z"));
    const schedulers = replicas([recordingJob("dead", london, fired)], clock, log);
    const report = await tickAll(schedulers);
    clock.now = utc("2026-11-23T09:31Z");
    const again = await tickAll(schedulers);

    expect(fired.map((f) => f.key).sort()).toEqual(others.map((t) => t.key).sort());
    expect(report.ran.sort()).toEqual(others.map((t) => `dead:${t.key}:2026-11-23`).sort());
    expect(report.failed).toEqual([`dead:${first?.key}:2026-11-23`]);
    expect(again).toEqual({ ran: [], skipped: [], failed: [] });
    expect(lines.filter((l) => l.includes("retrying dead"))).toHaveLength(others.length);
    expect(lines.filter((l) => l.includes("gave up on dead"))).toHaveLength(1);
  });

  it("log a run missed beyond the grace window once, whichever replica sees it first", async () => {
    const fired: Fired[] = [];
    const { log, lines } = capturingLogger();
    const clock = testClock(utc("2026-11-23T15:00Z"));
    const schedulers = replicas([recordingJob("late", targets, fired)], clock, log);
    const report = await tickAll(schedulers);
    // At 15:00Z the 09:00 runs of Jakarta, Bangkok, Shanghai and London are more than 3 hours late; New York's
    // (14:00Z) is an hour late, so it is caught up, once.
    const missed = targets.filter((t) => t.timezone !== "America/New_York");
    expect(report.skipped.sort()).toEqual(missed.map((t) => `late:${t.key}:2026-11-23`).sort());
    // The job never ran anywhere before: a first start, so each is one info line, not a missed-run warning.
    const skipLines = lines.filter((l) => l.includes("not run late for"));
    expect(skipLines).toHaveLength(missed.length);
    expect(skipLines.every((l) => l.includes("INFO"))).toBe(true);
    const newYork = targets.filter((t) => t.timezone === "America/New_York").map((t) => t.key);
    expect(fired.map((f) => f.key).sort()).toEqual(newYork.sort());
    expect(report.ran).toHaveLength(newYork.length);
  });
});
