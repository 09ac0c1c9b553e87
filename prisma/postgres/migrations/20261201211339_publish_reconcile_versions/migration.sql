-- DropIndex
DROP INDEX "PublishedMedia_shop_idx";

-- DropIndex
DROP INDEX "PublishedMedia_shop_productId_assetKey_key";

-- AlterTable
ALTER TABLE "PublishedMedia" ADD COLUMN     "height" INTEGER,
ADD COLUMN     "removedAt" TIMESTAMP(3),
ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'model',
ADD COLUMN     "url" TEXT,
ADD COLUMN     "variant" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "variantIds" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "width" INTEGER;

-- CreateTable
CREATE TABLE "PublishVersion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "jobId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'job',
    "status" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "result" TEXT NOT NULL DEFAULT '{}',
    "kept" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishState" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "inputsKey" TEXT,
    "currentVersionId" TEXT,
    "lastPublishedAt" TIMESTAMP(3),
    "merchantVariants" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublishState_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateTable
CREATE TABLE "PublishShop" (
    "shop" TEXT NOT NULL,
    "metafieldNamespace" TEXT,
    "mediaLimitAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublishShop_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "PublishVersion_shop_productId_createdAt_idx" ON "PublishVersion"("shop", "productId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PublishVersion_shop_productId_number_key" ON "PublishVersion"("shop", "productId", "number");

-- CreateIndex
CREATE INDEX "PublishedMedia_shop_productId_idx" ON "PublishedMedia"("shop", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedMedia_shop_productId_role_variant_assetKey_key" ON "PublishedMedia"("shop", "productId", "role", "variant", "assetKey");

