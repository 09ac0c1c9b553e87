import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { loadPublishInfo, runPublishAction } from "../publish/actions.server";
import { PublishNotFoundError } from "../publish/errors";
import { publishDepsFromEnv } from "../publish/deps.server";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";

// GET /app/publish?productId=gid://shopify/Product/1 → the product's published media and versions (JSON)
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const productId = new URL(request.url).searchParams.get("productId") ?? "";
  try {
    return json(await loadPublishInfo(publishDepsFromEnv(), session.shop, productId));
  } catch (err) {
    if (err instanceof PublishNotFoundError) throw new Response("Product not found", { status: 404 });
    throw err;
  }
};

// POST intent=publish|publish-bulk|rollback → 202 { jobId } (a publish job), 400 bad input, 404 not this shop's
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await runPublishAction(routeDb(), session.shop, Object.fromEntries(await request.formData()));
  return json(result.body, { status: result.status });
};
