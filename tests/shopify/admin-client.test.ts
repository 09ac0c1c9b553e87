/**
 * The app's own Admin API client (unauthenticated.admin with the stored offline session, as background
 * jobs use it) against the double: requests reach /admin/api/2026-04 with the offline token, and the
 * double's schema validation surfaces as an error in the app.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAdminApiTo, startAdminDouble, type AdminDouble } from "../doubles/shopify-admin";
import type { TestDb } from "../helpers/db";
import { installTestDb } from "./env";
import { offlineSessionRow } from "./session-token";

const SHOP = "client-shop.myshopify.com";
let t: TestDb;
let d: AdminDouble;
let unauthenticated: typeof import("../../app/shopify.server").unauthenticated;

beforeAll(async () => {
  t = await installTestDb();
  await t.db.session.create({ data: offlineSessionRow(SHOP) });
  d = await startAdminDouble({ accessTokens: [offlineSessionRow(SHOP).accessToken] });
  unauthenticated = (await import("../../app/shopify.server")).unauthenticated;
  routeAdminApiTo(d); // after the import: the library's node adapter sets its own fetch when loaded
});
afterAll(async () => {
  await d?.close();
  await t?.drop();
});

describe("unauthenticated.admin → Admin double", () => {
  it("a valid query returns data, sent to the 2026-04 endpoint with the offline token", async () => {
    const { admin } = await unauthenticated.admin(SHOP);
    const res = await admin.graphql(`#graphql
      query ShopName { shop { name myshopifyDomain } }`);
    const body = (await res.json()) as { data: { shop: { name: string } } };
    expect(body.data.shop.name).toBe("Mockup Test Shop");
    expect(d.requests.at(-1)).toMatchObject({ operationName: undefined, status: 200 });
    expect(d.requests.at(-1)!.query).toContain("ShopName");
  });

  it("a query the schema refuses fails in the app with the double's GraphQL error", async () => {
    const { admin } = await unauthenticated.admin(SHOP);
    await expect(admin.graphql(`query { shop { name notAField } }`)).rejects.toThrow(/notAField|GraphQL Client/);
    expect(JSON.stringify(d.requests.at(-1)!.errors)).toContain("undefinedField");
  });

  it("variables are coerced against the operation", async () => {
    const { admin } = await unauthenticated.admin(SHOP);
    await expect(admin.graphql(`query P($first: Int!) { products(first: $first) { nodes { id } } }`, { variables: { first: "many" } })).rejects.toThrow();
    const ok = await admin.graphql(`query P($first: Int!) { products(first: $first) { nodes { id } } }`, { variables: { first: 5 } });
    expect(((await ok.json()) as { data: { products: { nodes: unknown[] } } }).data.products.nodes).toEqual([]);
  });
});
