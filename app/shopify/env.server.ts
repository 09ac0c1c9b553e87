/**
 * Shopify settings from the environment, validated once. `shopify app dev` sets SHOPIFY_API_KEY,
 * SHOPIFY_API_SECRET, SHOPIFY_APP_URL and SCOPES; production sets them by hand (.env.example).
 */
import { z } from "zod";
import { parseCustomShopDomains } from "./shop-domain";

const schema = z.object({
  SHOPIFY_API_KEY: z.string().trim().min(1, "SHOPIFY_API_KEY is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().trim().min(1, "SHOPIFY_API_SECRET is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be the app's public URL").default("http://localhost:3000"),
  SCOPES: z.string().default("write_products,write_files,write_app_proxy,read_orders,write_orders"),
  /** parent domains whose subdomains count as shops besides *.myshopify.com (comma list; app/shopify/shop-domain.ts) */
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

export interface ShopifyEnv {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  /** SHOP_CUSTOM_DOMAIN, validated: parent domains whose `{label}.{domain}` shops are accepted */
  customShopDomains: string[];
}

export function shopifyEnv(env: NodeJS.ProcessEnv = process.env): ShopifyEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Shopify configuration: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const e = parsed.data;
  const customShopDomains = parseCustomShopDomains(e.SHOP_CUSTOM_DOMAIN);
  return {
    apiKey: e.SHOPIFY_API_KEY,
    apiSecret: e.SHOPIFY_API_SECRET,
    appUrl: e.SHOPIFY_APP_URL,
    scopes: e.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
    customShopDomains,
  };
}
