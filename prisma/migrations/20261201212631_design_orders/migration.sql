-- AlterTable
ALTER TABLE "Design" ADD COLUMN "document" TEXT;

-- CreateTable
CREATE TABLE "DesignOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jobId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DesignOrderLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderRowId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "designId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'ok',
    "review" TEXT NOT NULL DEFAULT 'pending',
    "reviewReason" TEXT,
    "reviewedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DesignOrderLine_orderRowId_fkey" FOREIGN KEY ("orderRowId") REFERENCES "DesignOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "assetKey" TEXT NOT NULL,
    "designs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DesignOrder_shop_createdAt_idx" ON "DesignOrder"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DesignOrder_shop_orderId_key" ON "DesignOrder"("shop", "orderId");

-- CreateIndex
CREATE INDEX "DesignOrderLine_shop_designId_idx" ON "DesignOrderLine"("shop", "designId");

-- CreateIndex
CREATE UNIQUE INDEX "DesignOrderLine_orderRowId_lineId_key" ON "DesignOrderLine"("orderRowId", "lineId");

-- CreateIndex
CREATE INDEX "DataExport_shop_createdAt_idx" ON "DataExport"("shop", "createdAt");

