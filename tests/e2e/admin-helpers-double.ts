/** The specs' view of the Admin API double the e2e server uses: GraphQL over HTTP, as the app sees it. */
import { e2eAdminGraphql } from "../../playwright.config";

export async function doubleQuery<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(e2eAdminGraphql, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_test_offline_token" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`double: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The gid of a catalogue product by its exact title. */
export async function productGid(title: string): Promise<string> {
  const data = await doubleQuery<{ products: { nodes: { id: string; title: string }[] } }>(
    `query($q: String) { products(first: 5, query: $q) { nodes { id title } } }`,
    { q: `title:${title}` },
  );
  const hit = data.products.nodes.find((p) => p.title === title);
  if (!hit) throw new Error(`no product "${title}" in the double`);
  return hit.id;
}
