/** Any /app/... path no page claims: the Polaris not-found page inside the app (not a bare 404). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AdminErrorBoundary, notFound } from "../admin/not-found";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  throw notFound();
};

export default function Unknown() {
  return null;
}

export const ErrorBoundary = AdminErrorBoundary;
