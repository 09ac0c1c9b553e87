/** Job detail for the admin: read a job of this shop, retry or cancel it. Errors become HTTP statuses. */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { JobNotFoundError, JobStateError } from "../pipeline/errors";
import { cancelJob, getJob, retryJob, type JobView } from "../pipeline/jobs";
import { jobHeader, type JobHeader } from "./job-json.server";

export const jobIdSchema = z.string().regex(/^[a-z0-9]{1,64}$/i, "invalid job id");
export const jobActionSchema = z.object({ intent: z.enum(["retry", "cancel"]) });

export interface JobDetail extends JobHeader {
  input: unknown;
  finishedAt: string | null;
  steps: {
    name: string;
    capability: string;
    status: string;
    provider: string | null;
    attempts: number;
    cacheHit: boolean;
    degraded: boolean;
    error: string | null;
    durationMs: number | null;
  }[];
}

function toDetail(j: JobView): JobDetail {
  return {
    ...jobHeader(j),
    input: j.input,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    steps: j.steps.map((s) => ({
      name: s.name,
      capability: s.capability,
      status: s.status,
      provider: s.provider,
      attempts: s.attempts,
      cacheHit: s.cacheHit,
      degraded: s.degraded,
      error: s.error,
      durationMs: s.durationMs,
    })),
  };
}

export async function loadJobDetail(db: Db, shop: string, rawId: unknown): Promise<JobDetail | null> {
  const id = jobIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const job = await getJob(db, shop, id.data);
  return job ? toDetail(job) : null;
}

export async function runJobAction(
  db: Db,
  shop: string,
  rawId: unknown,
  raw: unknown,
): Promise<{ status: number; body: { ok: boolean; error?: string; job?: JobDetail } }> {
  const id = jobIdSchema.safeParse(rawId);
  const action = jobActionSchema.safeParse(raw);
  if (!id.success) return { status: 404, body: { ok: false, error: "job not found" } };
  if (!action.success) return { status: 400, body: { ok: false, error: "intent must be retry or cancel" } };
  try {
    const job = action.data.intent === "retry" ? await retryJob(db, shop, id.data) : await cancelJob(db, shop, id.data);
    return { status: 200, body: { ok: true, job: toDetail(job) } };
  } catch (err) {
    if (err instanceof JobNotFoundError) return { status: 404, body: { ok: false, error: "job not found" } };
    if (err instanceof JobStateError) return { status: 409, body: { ok: false, error: err.message } };
    throw err;
  }
}
