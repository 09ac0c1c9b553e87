import type { LoaderFunctionArgs } from "@remix-run/node";
import { scrapeMetrics } from "../monitoring/health.server";
import { metricsTokenMatches } from "../monitoring/metrics-token.server";
import { routeDb } from "../shopify/deps.server";

// GET /metrics: Prometheus text format; labels carry states and providers, never shops.
// Public by default (as /healthz) unless MOCKUP_METRICS_TOKEN is set: then a scraper sends it as a bearer token.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!metricsTokenMatches(request.headers.get("authorization"))) {
    return new Response("unauthorized\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" } });
  }
  const { contentType, body } = await scrapeMetrics(routeDb());
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
};
