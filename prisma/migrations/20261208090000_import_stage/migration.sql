-- Order lines of an import between reading and writing (src/imports/stage-store.ts): the parse streams them here
-- with COPY while the file is still being read, and the import's one transaction merges them into "OrderLine".
-- UNLOGGED: scratch rows that are never needed after a crash (no WAL, so COPY runs at the disk's pace); a permanent
-- table rather than a temporary one, so that the transaction reads it on any pool connection. Not in
-- schema.prisma on purpose: no Prisma code reads it, and a model could not say UNLOGGED.
CREATE UNLOGGED TABLE "ImportStage" (
    "stageId" TEXT NOT NULL,
    "stagedAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "seq" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "skuId" TEXT NOT NULL,
    "productId" TEXT,
    "productName" TEXT,
    "status" TEXT NOT NULL,
    "returnType" TEXT,
    "createdLocal" TIMESTAMP(0) NOT NULL,
    "currency" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "returnedQuantity" INTEGER NOT NULL,
    "subtotal" DECIMAL(24,6) NOT NULL,
    "orderAmount" DECIMAL(24,6),
    "orderRefundAmount" DECIMAL(24,6),
    "creatorHandle" TEXT,
    "channel" TEXT
);

CREATE INDEX "ImportStage_stageId_idx" ON "ImportStage"("stageId");
