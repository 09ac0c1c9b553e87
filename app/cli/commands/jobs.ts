import { intArg, parse, shopArg } from "../args";
import { jobLine } from "../format";
import { UsageError, type CliCommand } from "../types";
import { listJobs } from "../../pipeline/jobs";
import { createRuntime } from "../../runtime.server";
import type { JobStatus } from "../../pipeline/types";

const STATUSES: JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

export const command: CliCommand = {
  name: "jobs",
  summary: "list recent jobs of a shop",
  usage: "mockup jobs [--shop SHOP] [--status queued|running|succeeded|failed|cancelled] [--limit N] [--json]",
  async run(argv, io) {
    const { values } = parse(argv, { shop: { type: "string" }, status: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } });
    const shop = shopArg(values.shop);
    const limit = intArg("limit", values.limit, 20, 1, 200);
    const status = values.status as JobStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(", ")}`);
    const rt = await createRuntime();
    try {
      const jobs = await listJobs(rt.db, shop, { limit, status });
      if (values.json) io.out(JSON.stringify(jobs));
      else if (!jobs.length) io.out(`no jobs for ${shop}`);
      else jobs.forEach((j) => io.out(jobLine(j)));
      return 0;
    } finally {
      await rt.close();
    }
  },
};
