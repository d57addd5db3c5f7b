// Mirrors the metric registry (src/domain/metrics.ts) into the MetricDefinition table at start-up, so facts
// can reference their metric and anyone reading the database sees the same formulas as the bot.
import type { PrismaClient } from "../db/client.js";
import { METRICS } from "../domain/metrics.js";

export async function syncMetricDefinitions(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(
    METRICS.map((m) => {
      const data = {
        nameEn: m.nameEn,
        nameZh: m.nameZh,
        unit: m.unit,
        direction: m.direction,
        aggregation: m.aggregation,
        numerator: m.numerator ?? null,
        denominator: m.denominator ?? null,
        formulaEn: m.formulaEn,
        formulaZh: m.formulaZh,
      };
      return prisma.metricDefinition.upsert({ where: { key: m.key }, create: { key: m.key, ...data }, update: data });
    }),
  );
}
