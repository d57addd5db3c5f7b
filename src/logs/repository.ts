// Content logs and the "chat" facts derived from them. Facts are recomputed from the day's logs (never
// incremented), so an undo, a retry or a crash between two writes cannot leave a wrong total.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import { LOG_COUNT_METRIC, type LogKind } from "../domain/log-grammar.js";
import { Prisma } from "../generated/prisma/client.js";

export interface NewLog {
  workspaceId: string;
  teamId: string;
  memberId: string;
  kind: "video" | "live" | "post";
  count: number;
  durationMinutes: number | null;
  gmvAmount: Decimal | null;
  gmvCurrency: string | null;
  /** GMV converted into the team's currency, and the rate day used (null = the log's own day). */
  gmvInTeamCurrency: Decimal | null;
  fxRateDate: string | null;
  tags: string[];
  note: string | null;
  localDate: string;
  sourceEventId: string | null;
}

export interface StoredLog {
  id: string;
  memberId: string;
  kind: string;
  count: number;
  durationMinutes: number | null;
  gmvAmount: Decimal | null;
  gmvCurrency: string | null;
  tags: string[];
  localDate: string;
  loggedAt: Date;
  undoneAt: Date | null;
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

type LogRow = Awaited<ReturnType<PrismaClient["contentLog"]["findFirstOrThrow"]>>;
const toStored = (row: LogRow): StoredLog => ({
  id: row.id,
  memberId: row.memberId,
  kind: row.kind,
  count: row.count,
  durationMinutes: row.durationMinutes,
  gmvAmount: row.gmvAmount ? new Decimal(row.gmvAmount.toString()) : null,
  gmvCurrency: row.gmvCurrency,
  tags: row.tags,
  localDate: row.localDate.toISOString().slice(0, 10),
  loggedAt: row.loggedAt,
  undoneAt: row.undoneAt,
});

type Tx = Prisma.TransactionClient;

async function recomputeChatFacts(
  tx: Tx,
  log: { workspaceId: string; teamId: string; memberId: string; localDate: Date },
) {
  const logs = await tx.contentLog.findMany({
    where: {
      memberId: log.memberId,
      localDate: log.localDate,
      undoneAt: null,
      kind: { in: ["video", "live", "post"] },
    },
  });
  const totals = new Map<string, Decimal>([
    ["videos_posted", new Decimal(0)],
    ["live_sessions", new Decimal(0)],
    ["posts", new Decimal(0)],
    ["live_minutes", new Decimal(0)],
    ["gmv_gross", new Decimal(0)],
  ]);
  const add = (metric: string, value: Decimal.Value) =>
    totals.set(metric, (totals.get(metric) ?? new Decimal(0)).plus(value));
  let fxRateDate: Date | null = null;
  const gmvCurrencies = new Set<string>();
  let originalGmv = new Decimal(0);
  for (const l of logs) {
    add(LOG_COUNT_METRIC[l.kind as LogKind], l.count);
    if (l.durationMinutes) add("live_minutes", l.durationMinutes);
    if (l.gmvInTeamCurrency) {
      add("gmv_gross", l.gmvInTeamCurrency.toString());
      if (l.gmvCurrency) gmvCurrencies.add(l.gmvCurrency);
      if (l.gmvAmount) originalGmv = originalGmv.plus(l.gmvAmount.toString());
      if (l.fxRateDate) fxRateDate = l.fxRateDate;
    }
  }
  for (const [metricKey, value] of totals) {
    const key = {
      teamId: log.teamId,
      date: log.localDate,
      metricKey,
      scopeType: "member" as const,
      scopeId: log.memberId,
      contentType: "none" as const,
      traffic: "none" as const,
      productId: "",
      source: "chat",
    };
    if (value.isZero()) {
      await tx.fact.deleteMany({ where: key });
      continue;
    }
    const isGmv = metricKey === "gmv_gross";
    // One original currency can be kept; a day logged in several currencies keeps them on the logs only.
    const single = isGmv && gmvCurrencies.size === 1 ? [...gmvCurrencies][0] : null;
    const data = {
      value: value.toString(),
      originalCurrency: single ?? null,
      originalAmount: single ? originalGmv.toString() : null,
      fxRateDate: isGmv ? fxRateDate : null,
    };
    await tx.fact.upsert({
      where: { fact_natural_key: key },
      create: { ...key, workspaceId: log.workspaceId, memberId: log.memberId, ...data },
      update: data,
    });
  }
}

export function createLogRepository(prisma: PrismaClient) {
  return {
    /** Stores a log and its facts. A repeated delivery (same sourceEventId) returns the first log, unchanged. */
    async create(input: NewLog): Promise<{ log: StoredLog; duplicate: boolean }> {
      if (input.sourceEventId) {
        const existing = await prisma.contentLog.findUnique({ where: { sourceEventId: input.sourceEventId } });
        if (existing) return { log: toStored(existing), duplicate: true };
      }
      try {
        const row = await prisma.$transaction(async (tx) => {
          const created = await tx.contentLog.create({
            data: {
              workspaceId: input.workspaceId,
              teamId: input.teamId,
              memberId: input.memberId,
              kind: input.kind,
              count: input.count,
              durationMinutes: input.durationMinutes,
              gmvAmount: input.gmvAmount?.toString() ?? null,
              gmvCurrency: input.gmvCurrency,
              gmvInTeamCurrency: input.gmvInTeamCurrency?.toString() ?? null,
              fxRateDate: input.fxRateDate ? asDate(input.fxRateDate) : null,
              tags: input.tags,
              note: input.note,
              localDate: asDate(input.localDate),
              sourceEventId: input.sourceEventId,
            },
          });
          await recomputeChatFacts(tx, created);
          return created;
        });
        return { log: toStored(row), duplicate: false };
      } catch (error) {
        // Two replicas handling the same redelivery at once: the unique key lets one win; the other reports it.
        if (input.sourceEventId && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          const existing = await prisma.contentLog.findUniqueOrThrow({ where: { sourceEventId: input.sourceEventId } });
          return { log: toStored(existing), duplicate: true };
        }
        throw error;
      }
    },

    async lastUndoable(memberId: string, since: Date): Promise<StoredLog | null> {
      const row = await prisma.contentLog.findFirst({
        where: { memberId, undoneAt: null, loggedAt: { gte: since }, kind: { in: ["video", "live", "post"] } },
        orderBy: { loggedAt: "desc" },
      });
      return row ? toStored(row) : null;
    },

    async findById(id: string): Promise<StoredLog | null> {
      const row = await prisma.contentLog.findUnique({ where: { id } });
      return row ? toStored(row) : null;
    },

    /** Marks a log undone and recomputes its day's facts. Returns false if it was already undone. */
    async undo(id: string, at: Date): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const result = await tx.contentLog.updateMany({ where: { id, undoneAt: null }, data: { undoneAt: at } });
        if (result.count === 0) return false;
        const log = await tx.contentLog.findUniqueOrThrow({ where: { id } });
        await recomputeChatFacts(tx, log);
        return true;
      });
    },
  };
}

export type LogRepository = ReturnType<typeof createLogRepository>;
