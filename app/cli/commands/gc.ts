import { parse } from "../args";
import { UsageError, type CliCommand } from "../types";
import { collectGarbage } from "../../assets/store/gc";
import { pruneStaged } from "../../blender/staging";
import { expireUnorderedDesigns } from "../../orders/retention.server";
import { createRuntime } from "../../runtime.server";

export const command: CliCommand = {
  name: "gc",
  summary: "delete shopper designs never ordered past their retention, assets nothing refers to, and Blender's staged copies unused for the grace period",
  usage: "mockup gc [--dry-run] [--grace-hours N]   (default 24 h; prints a JSON summary)",
  async run(argv, io) {
    const { values } = parse(argv, { "dry-run": { type: "boolean" }, "grace-hours": { type: "string" } });
    const raw = values["grace-hours"];
    // hours may be fractional (0.5); 0 is allowed for an explicit "everything unreferenced, now"
    const hours = raw === undefined ? 24 : Number(raw);
    if (raw !== undefined && (!raw.trim() || !Number.isFinite(hours) || hours < 0 || hours > 24 * 365)) {
      throw new UsageError(`--grace-hours must be a number of hours from 0 to 8760 (got "${raw.slice(0, 40)}")`);
    }
    const rt = await createRuntime();
    try {
      const opts = { graceMs: Math.round(hours * 3_600_000), dryRun: values["dry-run"] === true };
      // shopper designs never ordered, past their shop's retention (default 30 days), go first
      const designs = await expireUnorderedDesigns(rt.db, { dryRun: opts.dryRun });
      const report = await collectGarbage(rt.db, rt.blobs, opts);
      const staged = await pruneStaged({ maxAgeMs: opts.graceMs, dryRun: opts.dryRun });
      io.out(JSON.stringify({ dryRun: opts.dryRun, graceHours: hours, ...report, staged, designsExpired: designs.total }));
      return 0;
    } finally {
      await rt.close();
    }
  },
};
