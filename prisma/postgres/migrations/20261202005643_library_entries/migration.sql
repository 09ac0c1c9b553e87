-- CreateTable
CREATE TABLE "LibraryEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "fileId" TEXT,
    "fileName" TEXT,
    "author" TEXT NOT NULL DEFAULT '',
    "licence" TEXT NOT NULL,
    "commercial" BOOLEAN NOT NULL DEFAULT false,
    "sourceUrl" TEXT,
    "thumbnailUrl" TEXT,
    "fileChecksum" TEXT,
    "glbKey" TEXT,
    "triangles" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'importing',
    "error" TEXT,
    "jobId" TEXT,
    "printAreas" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LibraryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LibraryEntry_shop_createdAt_idx" ON "LibraryEntry"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LibraryEntry_shop_source_sourceId_key" ON "LibraryEntry"("shop", "source", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "LibraryEntry_shop_name_key" ON "LibraryEntry"("shop", "name");

