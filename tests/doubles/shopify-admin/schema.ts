/**
 * The pinned Admin GraphQL schema (2026-04), read from the shared test data (`shopify/` in
 * MOCKUP_SHARED_DIR, see tests/helpers/shared-data.ts). Built once per process: about 0.6 s for 3.4 MB of SDL.
 */
import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLSchema } from "graphql";
import { sharedPath } from "../../helpers/shared-data";

export const ADMIN_API_VERSION = "2026-04";

export function adminSchemaPath(): string {
  return sharedPath("shopify/admin-schema-2026-04.graphql");
}

let cached: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(adminSchemaPath(), "utf8"));
  return cached;
}
