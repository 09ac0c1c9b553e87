import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { notFound } from "../admin/not-found";
import { PrintAreaInputError, savePrintAreas } from "../library/imported.server";
import { authenticate } from "../shopify.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { importedCard, uvLayoutLink } from "../shopify/library-imports.server";

// GET /app/library/imported/{id}[?uv=1] → one imported model of this shop (its import's progress; with uv=1 the
// link to its UV layout picture); another shop's id answers 404
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = routeDb();
  const entry = await importedCard(db, session.shop, params.id ?? "");
  if (!entry) throw notFound();
  const uv = new URL(request.url).searchParams.get("uv") === "1" && entry.status === "ready" ? await uvLayoutLink(db, routeBlobs(), session.shop, entry.id) : null;
  return json({ entry, uv });
};

// POST /app/library/imported/{id} (JSON: {printAreas: [...]}) → stores the drawn print areas; bad input 400, nothing changed
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ ok: false as const, issues: [{ path: "body", key: "cgtrader.printArea.error.invalid" }] }, { status: 400 });
  }
  try {
    const entry = await savePrintAreas(routeDb(), session.shop, params.id ?? "", (body as { printAreas?: unknown })?.printAreas);
    if (!entry) throw notFound();
    return json({ ok: true as const, entry });
  } catch (err) {
    if (err instanceof PrintAreaInputError) return json({ ok: false as const, issues: err.issues }, { status: 400 });
    throw err;
  }
};
