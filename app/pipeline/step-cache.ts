/**
 * Step cache: known results per shop by cache key, and the last good result per staleKey (served,
 * marked degraded, when every provider fails). Degraded results are never stored here.
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { canonicalJson, sha256Hex } from "./canonical";
import { isUniqueViolation } from "./jobs";
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

export async function lookupCache(db: Db, shop: string, key: string): Promise<CachedResult | null> {
  const row = await db.stepCache.findUnique({ where: { shop_key: { shop, key } } });
  return row ? parseRow(row) : null;
}

export async function lookupStale(db: Db, shop: string, staleKey: string): Promise<CachedResult | null> {
  const row = await db.stepCache.findFirst({ where: { shop, staleKey }, orderBy: { createdAt: "desc" } });
  return row ? parseRow(row) : null;
}

export async function rememberResult(
  db: Db,
  r: { shop: string; key: string; capability: string; staleKey?: string | null; provider: string; output: StepOutput },
): Promise<void> {
  const data = { capability: r.capability, staleKey: r.staleKey ?? null, provider: r.provider, output: JSON.stringify(r.output) };
  try {
    await db.stepCache.upsert({
      where: { shop_key: { shop: r.shop, key: r.key } },
      create: { shop: r.shop, key: r.key, ...data },
      update: { ...data, createdAt: new Date() }, // refresh: the newest result for a staleKey wins
    });
  } catch (err) {
    // another worker stored the same key at the same moment: same work, same result
    if (!isUniqueViolation(err)) throw err;
  }
}

function parseRow(row: { output: string; provider: string; createdAt: Date }): CachedResult | null {
  const parsed = stepOutputSchema.safeParse(JSON.parse(row.output));
  return parsed.success ? { output: parsed.data, provider: row.provider, createdAt: row.createdAt } : null;
}
