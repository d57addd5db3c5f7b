// The one workspace, team and shop the import benchmarks write into: a London shop in GBP, on a migrated database.
import type { Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { syncMetricDefinitions } from "../../src/metrics/registry-sync.js";

export async function createBenchShop(
  database: Database,
  names: { workspace: string; shop: string; externalId: string },
): Promise<{ workspaceId: string; teamId: string }> {
  await migrate(database.sql);
  await syncMetricDefinitions(database.prisma);
  const prisma = database.prisma;
  const workspace = await prisma.workspace.create({ data: { name: names.workspace, reportingCurrency: "GBP" } });
  const team = await prisma.team.create({
    data: {
      workspaceId: workspace.id,
      slug: "bench",
      name: "Bench",
      market: "GB",
      timezone: "Europe/London",
      currency: "GBP",
    },
  });
  await prisma.shop.create({
    data: {
      workspaceId: workspace.id,
      teamId: team.id,
      externalId: names.externalId,
      name: names.shop,
      market: "GB",
      currency: "GBP",
      timezone: "Europe/London",
    },
  });
  return { workspaceId: workspace.id, teamId: team.id };
}
