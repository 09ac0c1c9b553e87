import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { routeCgtraderAccess } from "../shopify/library-imports.server";

// GET /app/library/cgtrader?keywords=&categoryId=&maxPrice=&page= → a page of CGTrader search results (JSON)
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { searchCatalog } = await import("../connectors/cgtrader/import.server");
  const q = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const db = routeDb();
  return json(await searchCatalog(db, session.shop, q, await routeCgtraderAccess()));
};

// a search is reloaded only when the merchant searches: Remix would otherwise repeat it after every action on the
// page (each print-area save), spending CGTrader's rate limit (100 calls / 60 s) for nothing
export const shouldRevalidate = () => false;

// POST /app/library/cgtrader {id} → starts an import (the licence is checked here again: 422 when refused)
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { startImport } = await import("../connectors/cgtrader/import.server");
  const db = routeDb();
  const r = await startImport(db, session.shop, Object.fromEntries(await request.formData()), await routeCgtraderAccess());
  const status = r.ok ? (r.created ? 202 : 200) : r.error === "licence" || r.error === "no_file" ? 422 : r.error === "invalid" ? 400 : r.error === "not_configured" ? 409 : 502;
  return json(r, { status });
};
