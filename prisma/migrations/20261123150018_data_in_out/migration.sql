-- CreateTable
CREATE TABLE "OrderLine" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "skuId" TEXT NOT NULL,
    "productId" TEXT,
    "productName" TEXT,
    "status" TEXT NOT NULL,
    "returnType" TEXT,
    "createdLocal" TIMESTAMP(0) NOT NULL,
    "localDate" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "returnedQuantity" INTEGER NOT NULL,
    "subtotal" DECIMAL(24,6) NOT NULL,
    "orderAmount" DECIMAL(24,6),
    "orderRefundAmount" DECIMAL(24,6),
    "creatorHandle" TEXT,
    "channel" TEXT,
    "source" TEXT NOT NULL,
    "importBatchId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportedRecord" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shopId" TEXT,
    "kind" TEXT NOT NULL,
    "naturalKey" TEXT NOT NULL,
    "localDate" DATE,
    "data" JSONB NOT NULL,
    "importBatchId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopConnection" (
    "shopId" TEXT NOT NULL,
    "shopCipher" TEXT NOT NULL,
    "accessTokenEnc" TEXT NOT NULL,
    "refreshTokenEnc" TEXT,
    "accessExpiresAt" TIMESTAMP(3),
    "syncedUntil" TIMESTAMP(3),
    "lastSyncAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopConnection_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "IngestRequest" (
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestRequest_pkey" PRIMARY KEY ("workspaceId","key")
);

-- CreateIndex
CREATE INDEX "OrderLine_shopId_localDate_idx" ON "OrderLine"("shopId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "order_line_natural_key" ON "OrderLine"("shopId", "orderId", "skuId");

-- CreateIndex
CREATE INDEX "ImportedRecord_shopId_kind_localDate_idx" ON "ImportedRecord"("shopId", "kind", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "imported_record_natural_key" ON "ImportedRecord"("workspaceId", "kind", "naturalKey");

-- CreateIndex
CREATE INDEX "IngestRequest_createdAt_idx" ON "IngestRequest"("createdAt");

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopConnection" ADD CONSTRAINT "ShopConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
