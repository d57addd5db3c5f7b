-- CreateTable
CREATE TABLE "CreatorNote" (
    "id" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "memberId" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreatorNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreatorNote_creatorId_createdAt_idx" ON "CreatorNote"("creatorId", "createdAt");

-- AddForeignKey
ALTER TABLE "CreatorNote" ADD CONSTRAINT "CreatorNote_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreatorNote" ADD CONSTRAINT "CreatorNote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
