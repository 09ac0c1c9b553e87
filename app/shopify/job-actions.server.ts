/** Job detail for the admin: read a job of this shop, retry or cancel it. Errors become HTTP statuses. */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { msg, type Msg } from "../i18n/message";
import { JobNotFoundError, JobStateError } from "../pipeline/errors";
import { BLOCKED_STEP_ERROR } from "../pipeline/job-state";
import { cancelJob, getJob, retryJob, type JobView } from "../pipeline/jobs";
import { heartbeatMaxAgeSec } from "../monitoring/health.server";
import { listWorkers, untaken } from "../pipeline/roster";
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
    /** the step's error in the merchant's language where we wrote it (blocked, cancelled); a provider's own text as is */
    errorMsg: Msg | null;
    durationMs: number | null;
  }[];
  /**
   * The job waits (queued, or running under a dead worker) for capabilities no live worker takes: what they are,
   * and a --capabilities pattern that would take them. null when a live worker can move it (decision 151).
   */
  waitingFor: { capabilities: string[]; pattern: string } | null;
}

/** Capabilities of the job's next steps that no live worker takes, when none of them is taken. */
async function waitingFor(db: Db, j: JobView): Promise<JobDetail["waitingFor"]> {
  if ((j.status !== "queued" && j.status !== "running") || !j.needs.length) return null;
  const maxAgeSec = heartbeatMaxAgeSec();
  const workers = await listWorkers(db, { maxAgeSec });
  if (j.status === "running" && workers.some((w) => w.live)) return null; // its worker is alive (or one will reclaim it)
  const missing = untaken(j.needs, workers);
  if (missing.length < j.needs.length) return null;
  const families = [...new Set(missing.map((c) => `${c.split(".")[0]}.*`))];
  return { capabilities: missing, pattern: families.join(",") };
}


function stepErrorMsg(error: string | null): Msg | null {
  if (!error) return null;
  if (error === BLOCKED_STEP_ERROR) return msg("msg.job.blocked");
  if (error === "cancelled") return msg("msg.job.cancelled");
  return msg("msg.raw", { text: error });
}

function toDetail(j: JobView, waiting: JobDetail["waitingFor"] = null): JobDetail {
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
      errorMsg: stepErrorMsg(s.error),
      durationMs: s.durationMs,
    })),
    waitingFor: waiting,
  };
}

export async function loadJobDetail(db: Db, shop: string, rawId: unknown): Promise<JobDetail | null> {
  const id = jobIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const job = await getJob(db, shop, id.data);
  return job ? toDetail(job, await waitingFor(db, job)) : null;
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
