// Scheduled runs, one row per (job, target, local date): the claim that makes a run happen exactly once across
// replicas and restarts. The unique key decides who claims a run; a conditional update decides who takes over
// an expired claim, so two replicas can never both win either race.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../db/client.js";

export type JobRunStatus = "claimed" | "done" | "failed" | "skipped";

/** Identifies a run: a job, a target (team or member) and the target's local date "yyyy-MM-dd". */
export interface JobRunKey {
  jobName: string;
  targetKey: string;
  localDate: string;
}

export interface JobRunRecord extends JobRunKey {
  id: string;
  status: JobRunStatus;
  claimedBy: string;
  leaseUntil: Date;
  attempts: number;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

/**
 * - claimed: nobody had this run; it is ours now.
 * - reclaimed: a claim expired without finishing (its replica died) and this is its one retry (attempts = 2).
 * - taken: someone else holds a live claim (`final: false`), or the run is over: done, failed or skipped.
 * - abandoned: an expired claim that was already the retry; it is now marked failed (the caller logs it).
 */
export type ClaimResult =
  | { outcome: "claimed"; id: string }
  | { outcome: "reclaimed"; id: string; previousClaimedBy: string }
  | { outcome: "taken"; id: string; final: boolean }
  | { outcome: "abandoned"; id: string; previousClaimedBy: string };

export interface ClaimInput extends JobRunKey {
  instanceId: string;
  leaseUntil: Date;
  now: Date;
}

/** How many times a run is attempted: the first claim and one retry after its lease expired. */
const MAX_ATTEMPTS = 2;

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Row = NonNullable<Awaited<ReturnType<PrismaClient["jobRun"]["findUnique"]>>>;

function toRecord(row: Row): JobRunRecord {
  return {
    id: row.id,
    jobName: row.jobName,
    targetKey: row.targetKey,
    localDate: row.localDate.toISOString().slice(0, 10),
    status: row.status,
    claimedBy: row.claimedBy,
    leaseUntil: row.leaseUntil,
    attempts: row.attempts,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
  };
}

export function createJobRunRepository(prisma: PrismaClient) {
  const whereKey = ({ jobName, targetKey, localDate }: JobRunKey) => ({
    jobName_targetKey_localDate: { jobName, targetKey, localDate: asDate(localDate) },
  });

  return {
    async claim(input: ClaimInput): Promise<ClaimResult> {
      const { jobName, targetKey, localDate, instanceId, leaseUntil, now } = input;
      // INSERT … ON CONFLICT DO NOTHING: exactly one replica inserts the row.
      const id = randomUUID();
      const inserted = await prisma.jobRun.createMany({
        data: [
          {
            id,
            jobName,
            targetKey,
            localDate: asDate(localDate),
            status: "claimed",
            claimedBy: instanceId,
            leaseUntil,
            attempts: 1,
            startedAt: now,
          },
        ],
        skipDuplicates: true,
      });
      if (inserted.count === 1) return { outcome: "claimed", id };

      const row = await prisma.jobRun.findUnique({ where: whereKey(input) });
      // The row is never deleted, so it exists; should it not, nobody can run it now and the next tick retries.
      if (!row) return { outcome: "taken", id: "", final: false };
      if (row.status !== "claimed") return { outcome: "taken", id: row.id, final: true };
      if (row.leaseUntil >= now) return { outcome: "taken", id: row.id, final: false };

      // An expired claim: its replica died between claiming and finishing. The conditions make the update a
      // compare-and-set, so of several replicas seeing the same expired claim only one changes it.
      const expired = { id: row.id, status: "claimed" as const, leaseUntil: { lt: now } };
      if (row.attempts < MAX_ATTEMPTS) {
        const takeover = await prisma.jobRun.updateMany({
          where: { ...expired, attempts: row.attempts },
          data: { attempts: row.attempts + 1, claimedBy: instanceId, leaseUntil, startedAt: now },
        });
        return takeover.count === 1
          ? { outcome: "reclaimed", id: row.id, previousClaimedBy: row.claimedBy }
          : { outcome: "taken", id: row.id, final: false };
      }
      const giveUp = await prisma.jobRun.updateMany({
        where: { ...expired, attempts: { gte: MAX_ATTEMPTS } },
        data: {
          status: "failed",
          finishedAt: now,
          error: `abandoned: claimed ${row.attempts} times and the lease expired each time (last by ${row.claimedBy})`,
        },
      });
      return giveUp.count === 1
        ? { outcome: "abandoned", id: row.id, previousClaimedBy: row.claimedBy }
        : { outcome: "taken", id: row.id, final: true };
    },

    /**
     * Takes over a run recorded as skipped (missed beyond its grace window) for a run on demand, such as the
     * playground's "run now". The scheduler never runs a skipped run, so running it now still sends it once; the
     * conditional update lets only one caller have it. Null when the run is not (or no longer) skipped.
     */
    async claimSkipped(input: ClaimInput): Promise<{ id: string } | null> {
      const row = await prisma.jobRun.findUnique({ where: whereKey(input) });
      if (row?.status !== "skipped") return null;
      const taken = await prisma.jobRun.updateMany({
        where: { id: row.id, status: "skipped" },
        data: {
          status: "claimed",
          claimedBy: input.instanceId,
          leaseUntil: input.leaseUntil,
          attempts: 1,
          startedAt: input.now,
          finishedAt: null,
          error: null,
        },
      });
      return taken.count === 1 ? { id: row.id } : null;
    },

    async markDone(id: string, finishedAt: Date = new Date()): Promise<void> {
      await prisma.jobRun.update({ where: { id }, data: { status: "done", finishedAt, error: null } });
    },

    async markFailed(id: string, error: string, finishedAt: Date = new Date()): Promise<void> {
      await prisma.jobRun.update({ where: { id }, data: { status: "failed", finishedAt, error } });
    },

    /**
     * Records a run that was missed beyond its grace window, unless the run already has a row (it ran, is running,
     * or was recorded as skipped already). True only for the one call that inserted it, so the skip is logged once.
     */
    async recordSkipped(input: JobRunKey & { instanceId: string; now: Date; reason: string }): Promise<boolean> {
      const inserted = await prisma.jobRun.createMany({
        data: [
          {
            id: randomUUID(),
            jobName: input.jobName,
            targetKey: input.targetKey,
            localDate: asDate(input.localDate),
            status: "skipped",
            claimedBy: input.instanceId,
            leaseUntil: input.now,
            attempts: 0,
            startedAt: input.now,
            finishedAt: input.now,
            error: input.reason,
          },
        ],
        skipDuplicates: true,
      });
      return inserted.count === 1;
    },

    /** Whether a job has ever been claimed or skipped anywhere: false on a brand-new installation. */
    /**
     * Has the job ever really run (claimed, done or failed)? Skips do not count: on a first start several replicas
     * record the same past times as skipped, and one replica's skips must not make another's look like downtime.
     */
    async hasHistory(jobName: string): Promise<boolean> {
      const row = await prisma.jobRun.findFirst({
        where: { jobName, status: { not: "skipped" } },
        select: { id: true },
      });
      return row !== null;
    },

    async find(jobName: string, targetKey: string, localDate: string): Promise<JobRunRecord | null> {
      const row = await prisma.jobRun.findUnique({ where: whereKey({ jobName, targetKey, localDate }) });
      return row ? toRecord(row) : null;
    },
  };
}

export type JobRunRepository = ReturnType<typeof createJobRunRepository>;
