/**
 * `shopify.publish`, the last step of a Shopify product's job: the plan from the step's params and its
 * dependencies' outputs, published through the shop's offline session. Never cached (it acts on the store).
 * FAILED media → the step succeeds degraded (data.partial) with the reason; a refusal, a throttle beyond the
 * client's ceiling or any other failure → a notification naming the product and a failed step without retries
 * (the client already retried what can be retried); a shop that is gone stops the step at once.
 */
import type { JsonObject, Provider } from "../pipeline/types";
import { ShopGoneError } from "./errors";
import { shopifyPublishParamsSchema } from "../contracts/shopify-publish";
import { planFromJob, planFromOutputs, type PublishPlan } from "./plan";
import { publishOrReport } from "./publish";
import { versionPlan } from "./versions";
import type { PublishDeps } from "./types";

export class PublishFailedError extends Error {
  readonly nonRetryable = true;
  constructor(message: string) {
    super(message);
    this.name = "PublishFailedError";
  }
}

export function shopifyPublishProvider(getDeps: () => Promise<Omit<PublishDeps, "signal">> | Omit<PublishDeps, "signal">): Provider {
  return {
    name: "shopify",
    capability: "shopify.publish",
    version: "1",
    cacheable: false,
    params: shopifyPublishParamsSchema,
    // uploads and media processing take minutes for big GLBs; the poll ceiling (3 min) sits well inside
    timeoutMs: 15 * 60_000,
    async run(input, ctx) {
      // params first: bad input is refused before anything (the Shopify wiring, the database) is touched
      const params = shopifyPublishParamsSchema.parse(input.params);
      const deps = { ...(await getDeps()), signal: ctx.signal, log: ctx.log };
      // the product pipeline's last step names its inputs; the merchant's publish job names a product (and a version)
      let plan: PublishPlan;
      let source: "job" | "manual" | "rollback" = "job";
      let jobId: string | null = ctx.jobId;
      if ("glbStep" in params) {
        plan = planFromOutputs(params, input.inputs);
      } else {
        const p = params;
        if (p.versionId) {
          ({ plan, jobId } = await versionPlan(deps.db, ctx.shop, p.productId, p.versionId));
          source = "rollback";
        } else {
          ({ plan, jobId } = await planFromJob(deps.db, ctx.shop, p.productId, p.fromJob ?? undefined));
          source = "manual";
        }
      }
      let r;
      try {
        r = await publishOrReport(deps, ctx.shop, plan, { jobId, source });
      } catch (err) {
        // uninstalled mid-publish: stop now; retrying against a shop that is gone helps nobody
        if (err instanceof ShopGoneError) throw err;
        throw Object.assign(err as Error, { nonRetryable: true });
      }
      if (r.status === "failed") throw new PublishFailedError(r.notices.join(" "));
      const data: JsonObject = {
        status: r.status,
        versionId: r.versionId,
        productTitle: r.productTitle,
        media: r.media,
        model: r.model.source,
        metafieldNamespace: r.metafieldNamespace,
        notices: r.notices,
      };
      if (r.status === "degraded") Object.assign(data, { partial: true, partialReason: r.notices.join(" ").slice(0, 400) });
      return { assets: {}, data };
    },
  };
}
