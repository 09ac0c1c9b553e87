/**
 * Step cache: known results per shop by cache key, and the last good result per staleKey (served,
 * marked degraded, when every provider fails). Degraded results are never stored here.
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { canonicalJson, sha256Hex } from "./canonical";
import { statement, type Sql, type Statement } from "./sql";
import type { JsonObject, Provider, StepOutput } from "./types";

export const stepOutputSchema = z.strictObject({
  assets: z.record(z.string().min(1).max(100), z.string().regex(/^[0-9a-f]{64}$/, "asset keys are sha256 hex")),
  data: z.record(z.string(), z.json()),
}) as unknown as z.ZodType<StepOutput>;

/**
 * sha256 over: capability, canonical params, each dependency's output (asset name → key, plus a digest
 * of its data) in dependsOn order, and name@version of the capability's providers (a version bump
 * invalidates earlier results). Step names are not part of it, so equal work in two jobs shares results.
 */
export function stepCacheKey(capability: string, params: JsonObject, inputs: StepOutput[], providers: Pick<Provider, "name" | "version">[]): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      capability,
      params,
      inputs: inputs.map((o) => ({ assets: o.assets, data: sha256Hex(canonicalJson(o.data)) })),
      providers: providers.map((p) => `${p.name}@${p.version}`),
    }),
  );
}

export interface CachedResult {
  output: StepOutput;
  provider: string;
  createdAt: Date;
}

export async function lookupCache(sql: Sql, shop: string, key: string): Promise<CachedResult | null> {
  const rows = await sql.query<{ output: string; provider: string; createdAt: Date }>(
    `SELECT "output", "provider", "createdAt" FROM {StepCache} WHERE "shop" = ? AND "key" = ?`,
    shop,
    key,
  );
  return rows[0] ? parseRow(rows[0]) : null;
}

export async function lookupStale(db: Db, shop: string, staleKey: string): Promise<CachedResult | null> {
  const row = await db.stepCache.findFirst({ where: { shop, staleKey }, orderBy: { createdAt: "desc" } });
  return row ? parseRow(row) : null;
}

export interface CacheEntry {
  shop: string;
  key: string;
  capability: string;
  staleKey?: string | null;
  provider: string;
  output: StepOutput;
}

/**
 * The statement storing a good result (to run inside the step's final transaction). An upsert in one
 * statement, so concurrent workers storing the same key cannot collide; the newest result wins, which
 * also makes it the one served for its staleKey.
 */
export function rememberResult(r: CacheEntry): Statement {
  return statement(
    `INSERT INTO {StepCache} ("shop", "key", "capability", "staleKey", "provider", "output", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("shop", "key") DO UPDATE SET "capability" = excluded."capability", "staleKey" = excluded."staleKey",
       "provider" = excluded."provider", "output" = excluded."output", "createdAt" = excluded."createdAt"`,
    r.shop,
    r.key,
    r.capability,
    r.staleKey ?? null,
    r.provider,
    JSON.stringify(r.output),
    new Date(),
  );
}

function parseRow(row: { output: string; provider: string; createdAt: Date | string }): CachedResult | null {
  const parsed = stepOutputSchema.safeParse(JSON.parse(row.output));
  return parsed.success ? { output: parsed.data, provider: row.provider, createdAt: new Date(row.createdAt) } : null;
}
