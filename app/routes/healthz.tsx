import { checkHealth, healthHttpStatus } from "../monitoring/health.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";

// GET /healthz: unauthenticated; reports components only, never shops or secrets.
export const loader = async () => {
  const report = await checkHealth({
    db: routeDb(),
    blobs: routeBlobs(),
    heartbeatMaxAgeSec: Number(process.env.MOCKUP_HEARTBEAT_MAX_AGE_SEC || 60),
  });
  return new Response(JSON.stringify(report), {
    status: healthHttpStatus(report),
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
};
