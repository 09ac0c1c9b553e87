import { jobIdArg, parse, shopArg } from "../args";
import { jobDetails } from "../format";
import { InputError, type CliCommand } from "../types";
import { getJob } from "../../pipeline/jobs";
import { createRuntime } from "../../runtime.server";

export const command: CliCommand = {
  name: "job",
  summary: "show one job with its steps",
  usage: "mockup job ID [--shop SHOP] [--json]",
  async run(argv, io) {
    const { values, positionals } = parse(argv, { shop: { type: "string" }, json: { type: "boolean" } }, { min: 1, max: 1 });
    const id = jobIdArg(positionals[0]);
    const shop = shopArg(values.shop);
    const rt = await createRuntime();
    try {
      const job = await getJob(rt.db, shop, id);
      if (!job) throw new InputError(`job ${id} not found for ${shop}`);
      if (values.json) io.out(JSON.stringify(job));
      else jobDetails(job).forEach((l) => io.out(l));
      return 0;
    } finally {
      await rt.close();
    }
  },
};
