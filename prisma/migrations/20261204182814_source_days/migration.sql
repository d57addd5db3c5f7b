-- CreateTable
CREATE TABLE "SourceDay" (
    "teamId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "SourceDay_pkey" PRIMARY KEY ("teamId","shopId","source","date")
);

-- CreateIndex
CREATE INDEX "SourceDay_workspaceId_date_idx" ON "SourceDay"("workspaceId", "date");

-- AddForeignKey
ALTER TABLE "SourceDay" ADD CONSTRAINT "SourceDay_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the days each shop's stored order lines cover, per source. Every day before a shop's latest one is
-- complete (its export or sync ran past that day's end); the latest stays open until new data proves it.
INSERT INTO "SourceDay" ("teamId", "shopId", "source", "date", "workspaceId", "complete", "firstSeenAt", "completedAt")
SELECT l."teamId", l."shopId", l.source, l."localDate", l."workspaceId",
       l."localDate" < last.day, MIN(l."updatedAt"), CASE WHEN l."localDate" < last.day THEN MIN(l."updatedAt") END
FROM "OrderLine" l
JOIN (SELECT "shopId", source, MAX("localDate") AS day FROM "OrderLine" GROUP BY 1, 2) last
  ON last."shopId" = l."shopId" AND last.source = l.source
GROUP BY l."teamId", l."shopId", l.source, l."localDate", l."workspaceId", last.day
ON CONFLICT DO NOTHING;
