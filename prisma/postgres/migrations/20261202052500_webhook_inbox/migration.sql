-- products/* webhooks are recorded with their payload and answered at once, a worker's inbox handles them
ALTER TABLE "WebhookDelivery" ADD COLUMN "payload" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "outcome" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "claimedAt" TIMESTAMP(3);
ALTER TABLE "WebhookDelivery" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "WebhookDelivery_processedAt_receivedAt_idx" ON "WebhookDelivery"("processedAt", "receivedAt");
