-- CreateTable
CREATE TABLE "ConnectorBreaker" (
    "provider" TEXT NOT NULL,
    "shop" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'closed',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "retryAt" DATETIME,
    "outageId" TEXT,
    "outageSince" DATETIME,
    "lastFault" TEXT,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("provider", "shop")
);

-- CreateTable
CREATE TABLE "ConnectorAlert" (
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "outageId" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recoveredAt" DATETIME,

    PRIMARY KEY ("shop", "provider", "outageId")
);

