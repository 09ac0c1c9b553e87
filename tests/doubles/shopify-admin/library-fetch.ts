/**
 * Sends the Shopify library's Admin API calls (admin.graphql from authenticate.admin /
 * unauthenticated.admin) to the double instead of https://{shop}. Call after importing app/shopify.server
 * (its node adapter installs the global fetch on load) and before the first client is made.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { AdminDouble } from "./server";

export function routeAdminApiTo(double: AdminDouble): void {
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.pathname.startsWith("/admin/api/")) return fetch(`${double.url}${url.pathname}${url.search}`, init);
    return fetch(input, init);
  });
}
