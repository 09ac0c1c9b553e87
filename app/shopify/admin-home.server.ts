/** Data for the admin home: the shop's recent jobs, unread notifications and a service health summary. */
import { z } from "zod";
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { checkHealth, type CheckStatus } from "../monitoring/health.server";
import { listJobs } from "../pipeline/jobs";
import { jobHeader, type JobHeader } from "./job-json.server";

export interface HomeData {
  jobs: (JobHeader & { productId: string | null })[];
  notifications: { id: string; level: string; message: string; createdAt: string }[];
  health: { status: CheckStatus; items: { name: string; status: CheckStatus; detail?: string }[] };
}

export async function loadHome(db: Db, blobs: BlobStore, shop: string): Promise<HomeData> {
  const [jobs, notifications, health] = await Promise.all([
    listJobs(db, shop, { limit: 15 }),
    db.notification.findMany({ where: { shop, readAt: null }, orderBy: { createdAt: "desc" }, take: 10 }),
    checkHealth({ db, blobs }), // heartbeat max age: health.server's heartbeatMaxAgeSec()
  ]);
  return {
    jobs: jobs.map((j) => ({ ...jobHeader(j), productId: typeof j.input.productId === "string" ? j.input.productId : null })),
    notifications: notifications.map((n) => ({ id: n.id, level: n.level, message: n.message, createdAt: n.createdAt.toISOString() })),
    health: {
      status: health.status,
      items: Object.entries(health.checks).map(([name, c]) => ({ name, status: c.status, ...(c.detail ? { detail: c.detail } : {}) })),
    },
  };
}

export const homeActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("dismiss"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("dismiss-all") }),
]);

/** Marks notifications read; only the shop's own rows can change. */
export async function dismissNotifications(db: Db, shop: string, input: z.infer<typeof homeActionSchema>): Promise<number> {
  const where = input.intent === "dismiss" ? { shop, id: input.id, readAt: null } : { shop, readAt: null };
  return (await db.notification.updateMany({ where, data: { readAt: new Date() } })).count;
}
