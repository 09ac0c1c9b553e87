import { checkHealth, healthHttpStatus } from "../monitoring/health.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";

// GET /healthz: unauthenticated; reports components only, never shops or secrets.
export const loader = async () => {
  // the heartbeat max age comes from MOCKUP_HEARTBEAT_MAX_AGE_SEC through health.server's one reader
  // the worker list (hosts, pids) is for the authenticated admin only; /healthz carries counts
  const { workers: _workers, ...report } = await checkHealth({ db: routeDb(), blobs: routeBlobs() });
  return new Response(JSON.stringify(report), {
    status: healthHttpStatus(report),
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
};
