-- AlterTable
ALTER TABLE "Job" ADD COLUMN "errorI18n" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "messageI18n" TEXT;
