-- CreateTable
CREATE TABLE "ConnectorBreaker" (
    "provider" TEXT NOT NULL,
    "shop" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'closed',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "retryAt" TIMESTAMP(3),
    "outageId" TEXT,
    "outageSince" TIMESTAMP(3),
    "lastFault" TEXT,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectorBreaker_pkey" PRIMARY KEY ("provider","shop")
);

-- CreateTable
CREATE TABLE "ConnectorAlert" (
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "outageId" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recoveredAt" TIMESTAMP(3),

    CONSTRAINT "ConnectorAlert_pkey" PRIMARY KEY ("shop","provider","outageId")
);

