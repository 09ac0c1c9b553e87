/**
 * The Jobs page: the shop's jobs, newest first, a page at a time (`before` = the last row's creation time),
 * filtered by what the merchant asks (all, active, failed, done), each with its product's title and image.
 */
import { z } from "zod";
import { JOB_FILTERS, type JobFilter } from "../admin/job-filters";
import type { Db } from "../db/client.server";
import { listJobs } from "../pipeline/jobs";
import type { JobStatus } from "../pipeline/types";
import type { AdminGraphql } from "./admin-graphql.server";
import { withProducts, type HomeJob } from "./admin-home.server";


const STATUSES: Record<JobFilter, JobStatus[] | undefined> = {
  all: undefined,
  active: ["queued", "running"],
  failed: ["failed"],
  succeeded: ["succeeded"],
};

export const DEFAULTS = { pageSize: 25 };

/** The page's query: an unknown filter is "all", an unreadable cursor is the first page. */
export const jobsQuerySchema = z.object({
  filter: z.enum(JOB_FILTERS).catch("all"),
  before: z.iso.datetime().optional().catch(undefined),
});

export interface JobsPage {
  filter: JobFilter;
  jobs: HomeJob[];
  /** the cursor of the next (older) page, null on the last */
  older: string | null;
}

export async function loadJobsPage(db: Db, graphql: AdminGraphql | undefined, shop: string, query: URLSearchParams): Promise<JobsPage> {
  const q = jobsQuerySchema.parse({ filter: query.get("filter") ?? undefined, before: query.get("before") ?? undefined });
  const rows = await listJobs(db, shop, { status: STATUSES[q.filter], limit: DEFAULTS.pageSize + 1, before: q.before ? new Date(q.before) : undefined });
  const page = rows.slice(0, DEFAULTS.pageSize);
  return { filter: q.filter, jobs: await withProducts(db, graphql, shop, page), older: rows.length > DEFAULTS.pageSize ? page[page.length - 1].createdAt.toISOString() : null };
}
