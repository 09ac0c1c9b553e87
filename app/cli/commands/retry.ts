import { jobIdArg, parse, shopArg } from "../args";
import { InputError, type CliCommand } from "../types";
import { JobNotFoundError, JobStateError } from "../../pipeline/errors";
import { retryJob } from "../../pipeline/jobs";
import { createRuntime } from "../../runtime.server";

export const command: CliCommand = {
  name: "retry",
  summary: "re-queue a failed or cancelled job (succeeded steps are kept)",
  usage: "mockup retry ID [--shop SHOP]",
  async run(argv, io) {
    const { values, positionals } = parse(argv, { shop: { type: "string" } }, { min: 1, max: 1 });
    const id = jobIdArg(positionals[0]);
    const shop = shopArg(values.shop);
    const rt = await createRuntime();
    try {
      const job = await retryJob(rt.db, shop, id, { queue: rt.queue });
      const kept = job.steps.filter((s) => s.status === "succeeded").length;
      io.out(`job ${job.id} queued again (${kept} of ${job.steps.length} steps kept); a worker will pick it up`);
      return 0;
    } catch (err) {
      // an unknown job, or one that is not failed or cancelled: refused before anything changed
      if (err instanceof JobNotFoundError || err instanceof JobStateError) throw new InputError(err.message);
      throw err;
    } finally {
      await rt.close();
    }
  },
};
