/**
 * Which stored jobs are a product's product jobs. A job's input is stored as JSON text (app/pipeline/jobs.ts
 * writes `JSON.stringify(spec.input)`, and productJobSpec puts `productId` first), so the one portable filter
 * both databases accept is a substring match on `"productId":"<id>"`: the closing quote keeps
 * `…/Product/1` from matching `…/Product/12`.
 */

/** The Prisma `where` for the product jobs of one product (or of any of several) of a shop. */
export function productJobWhere(shop: string, productId: string | readonly string[]) {
  const ids = typeof productId === "string" ? [productId] : [...productId];
  const match = (id: string) => ({ input: { contains: `"productId":${JSON.stringify(id)}` } });
  return ids.length === 1 ? { shop, type: "product", ...match(ids[0]) } : { shop, type: "product", OR: ids.map(match) };
}
