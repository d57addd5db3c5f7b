// Deliveries already handled (a Slack event id or trigger id, a Lark event or message id). Kept in the database,
// so a retry that arrives after a restart, or at another replica, is still recognised.
import type { PrismaClient } from "../db/client.js";

export function createDeliveryRepository(prisma: PrismaClient) {
  return {
    /** True the first time a delivery is seen; false for every repeat (a retry, a redelivery, a replay). */
    async claim(platform: string, eventId: string): Promise<boolean> {
      // One statement, asked for every command and click: Prisma's createMany with skipDuplicates wraps the same
      // INSERT in a transaction of its own (three round trips). receivedAt is UTC, as Prisma writes a DateTime.
      const inserted = await prisma.$executeRaw`
        INSERT INTO "ProcessedEvent" ("platform", "eventId", "receivedAt")
        VALUES (${platform}, ${eventId}, now() AT TIME ZONE 'UTC')
        ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
    /** Gives a claim back when handling failed on our side, so the platform's retry can succeed. */
    async release(platform: string, eventId: string): Promise<void> {
      await prisma.processedEvent.deleteMany({ where: { platform, eventId } });
    },
    /** Retries stop within hours; a week of ids is plenty and keeps the table small. */
    async prune(before: Date): Promise<number> {
      return (await prisma.processedEvent.deleteMany({ where: { receivedAt: { lt: before } } })).count;
    },
  };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
