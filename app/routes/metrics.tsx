import { scrapeMetrics } from "../monitoring/health.server";
import { routeDb } from "../shopify/deps.server";

// GET /metrics: Prometheus text format; labels carry states and providers, never shops.
export const loader = async () => {
  const { contentType, body } = await scrapeMetrics(routeDb());
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
};
