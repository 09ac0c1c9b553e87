/** Writing a PublishVersion: the next number for the product, retried when a concurrent publish took it. */
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import type { PublishPlan } from "./plan";
import type { PublishSource } from "./types";

export interface VersionInput {
  shop: string;
  productId: string;
  jobId: string | null;
  source: PublishSource;
  status: "published" | "degraded";
  plan: PublishPlan;
  result: Record<string, unknown>;
}

export async function recordVersion(db: Db, v: VersionInput): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const last = await db.publishVersion.findFirst({ where: { shop: v.shop, productId: v.productId }, orderBy: { number: "desc" }, select: { number: true } });
    try {
      const row = await db.publishVersion.create({
        data: {
          shop: v.shop,
          productId: v.productId,
          number: (last?.number ?? 0) + 1,
          jobId: v.jobId,
          source: v.source,
          status: v.status,
          plan: JSON.stringify(v.plan),
          result: JSON.stringify(v.result),
        },
      });
      return row.id;
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 5) throw err;
    }
  }
}
