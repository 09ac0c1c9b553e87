/**
 * The one check for a shop domain that arrives from outside (X-Shopify-Shop-Domain on every webhook, the
 * app proxy's `shop` parameter). A valid HMAC says Shopify sent the request; it does not make the header a
 * well-formed name we may key rows and files by, so every edge calls `shopDomain` before anything is read or
 * recorded. A value that fails is refused, never repaired (no lowercasing, trimming or slash stripping):
 * Shopify always sends the canonical `{handle}.myshopify.com`, so anything else is not Shopify's word.
 *
 * The CLI's local shops (`demo.local`) are not outside values and keep their own, looser rule
 * (`shopSchema` in app/pipeline/spec.ts).
 */

/** A DNS label as Shopify store handles use it: lowercase letters, digits, inner hyphens, 1–63 characters. */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const MYSHOPIFY = new RegExp(`^${LABEL}\\.myshopify\\.com$`);
const ONE_LABEL = new RegExp(`^${LABEL}$`);
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const MAX_LENGTH = 255;

export interface ShopDomainOptions {
  /**
   * Extra parent domains whose direct subdomains are shops too: `{label}.{domain}`.
   * Default: SHOP_CUSTOM_DOMAIN from the environment (none when unset).
   */
  customDomains?: readonly string[];
}

/** The shop domain when `value` is one (`{label}.myshopify.com`, or `{label}.{custom domain}`), else null. */
export function shopDomain(value: unknown, opts: ShopDomainOptions = {}): string | null {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return null;
  if (MYSHOPIFY.test(value)) return value;
  for (const parent of opts.customDomains ?? parseCustomShopDomains(process.env.SHOP_CUSTOM_DOMAIN)) {
    const suffix = `.${parent}`;
    if (value.endsWith(suffix) && ONE_LABEL.test(value.slice(0, -suffix.length))) return value;
  }
  return null;
}

/** A short, printable, bounded echo of a refused value for error messages and logs. */
export function describeRefusedShop(value: unknown): string {
  if (typeof value !== "string") return "missing";
  const printable = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return `${printable} (${value.length} characters)`;
}

/**
 * SHOP_CUSTOM_DOMAIN: a comma list of parent domains (lowercase host names). A malformed entry is a
 * configuration error, said at start-up, not a silent widening of what counts as a shop.
 */
export function parseCustomShopDomains(raw: string | undefined): string[] {
  const list = (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const d of list) {
    if (d.length > MAX_LENGTH || !HOST.test(d)) {
      throw new Error(`SHOP_CUSTOM_DOMAIN: "${d.slice(0, 80)}" is not a lowercase host name like shops.example.test`);
    }
  }
  return list;
}
