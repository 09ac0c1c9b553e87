-- CreateTable
CREATE TABLE "PublishVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "jobId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'job',
    "status" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "result" TEXT NOT NULL DEFAULT '{}',
    "kept" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PublishState" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "inputsKey" TEXT,
    "currentVersionId" TEXT,
    "lastPublishedAt" DATETIME,
    "merchantVariants" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productId")
);

-- CreateTable
CREATE TABLE "PublishShop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "metafieldNamespace" TEXT,
    "mediaLimitAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PublishedMedia" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "mediaId" TEXT NOT NULL,
    "assetKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'UPLOADED',
    "role" TEXT NOT NULL DEFAULT 'model',
    "variant" TEXT NOT NULL DEFAULT '',
    "variantIds" TEXT NOT NULL DEFAULT '[]',
    "url" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "removedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_PublishedMedia" ("assetKey", "createdAt", "id", "kind", "mediaId", "productId", "shop", "status", "updatedAt", "variantId") SELECT "assetKey", "createdAt", "id", "kind", "mediaId", "productId", "shop", "status", "updatedAt", "variantId" FROM "PublishedMedia";
DROP TABLE "PublishedMedia";
ALTER TABLE "new_PublishedMedia" RENAME TO "PublishedMedia";
CREATE INDEX "PublishedMedia_shop_productId_idx" ON "PublishedMedia"("shop", "productId");
CREATE UNIQUE INDEX "PublishedMedia_shop_productId_role_variant_assetKey_key" ON "PublishedMedia"("shop", "productId", "role", "variant", "assetKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PublishVersion_shop_productId_createdAt_idx" ON "PublishVersion"("shop", "productId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PublishVersion_shop_productId_number_key" ON "PublishVersion"("shop", "productId", "number");

