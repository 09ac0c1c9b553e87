/** POST /app/connectors/health {service}: the admin's "Check connection" for one connector of the signed-in shop. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { defaultConnectorKit } from "../connectors/shared/default-kit.server";
import { checkConnector, HEALTH_SERVICES } from "../connectors/shared/health.server";
import { authenticate } from "../shopify.server";

const bodySchema = z.object({ service: z.enum(HEALTH_SERVICES) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const text = (await request.text()).slice(0, 1024);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return json({ ok: false, ms: 0, detail: "request body must be JSON" }, { status: 400 });
  }
  const body = bodySchema.safeParse(raw);
  if (!body.success) return json({ ok: false, ms: 0, detail: "unknown service" }, { status: 400 });
  return json(await checkConnector(defaultConnectorKit(), session.shop, body.data.service));
};
