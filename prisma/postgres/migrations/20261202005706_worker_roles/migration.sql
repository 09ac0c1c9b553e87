-- Worker roles (docs/decisions/151-worker-roles.md): what a job needs next, and what each worker takes.
ALTER TABLE "Job" ADD COLUMN "needs" TEXT NOT NULL DEFAULT '';
ALTER TABLE "WorkerHeartbeat" ADD COLUMN "capabilities" TEXT NOT NULL DEFAULT '*';

-- jobs waiting or running now: every capability of an unfinished step (a superset of what is ready, the first
-- worker that claims one writes the exact set)
UPDATE "Job" SET "needs" = COALESCE((SELECT ',' || string_agg(DISTINCT s."capability", ',') || ',' FROM "JobStep" s
  WHERE s."jobId" = "Job"."id" AND s."status" IN ('pending', 'running')), '')
WHERE "status" IN ('queued', 'running');
