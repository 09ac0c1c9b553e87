/**
 * Adapters for the Prisma CLI only (migrate). Two upstream quirks are worked around here, not in app code:
 * - SQLite: the shadow database receives whole migration files; better-sqlite3's prepare() takes one
 *   statement, so multi-statement SQL is sent through executeScript.
 * - Postgres: the migrate engine reads catalog columns of type `name`/`"char"` (OIDs 19/18), which
 *   adapter-pg cannot map (prisma/prisma#27403); the pool reports them as text (OID 25).
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { createAdapter, pgConfig } from "./adapter";
import type { DbTarget } from "./url";

const TEXT_OID = 25;
const NAME_OIDS = new Set([18, 19]);

type QueryResultLike = { fields?: { dataTypeID: number }[] };
function asText<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as QueryResultLike)?.fields ?? []) if (NAME_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  }
  return result;
}

function wrapClient(client: pg.PoolClient): pg.PoolClient {
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
    const cb = args.at(-1);
    if (typeof cb === "function") args[args.length - 1] = (err: unknown, res: unknown) => cb(err, err ? res : asText(res));
    const out = query(...args);
    return out instanceof Promise ? out.then(asText) : out;
  };
  return client;
}

class NameAsTextPool extends pg.Pool {
  // @ts-expect-error -- pg's overloads; we keep both callback and promise forms
  override connect(cb?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void) {
    if (cb) return super.connect((err, client, done) => cb(err, client ? wrapClient(client) : client, done));
    return super.connect().then(wrapClient);
  }
}

export async function createCliAdapter(target: DbTarget) {
  if (target.kind === "postgres") {
    if (target.schema) {
      // migrate deploy into ?schema=NAME: the schema must exist before search_path can point at it
      const c = new pg.Client(pgConfig({ ...target, schema: undefined }));
      await c.connect();
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
      } finally {
        await c.end();
      }
    }
    return new PrismaPg(new NameAsTextPool(pgConfig(target)) as unknown as pg.Pool, target.schema ? { schema: target.schema } : undefined);
  }
  const factory = createAdapter(target);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) =>
      query.args.length === 0 && /;\s*\S/.test(query.sql) ? (await adapter.executeScript(query.sql), 0) : executeRaw(query);
    return adapter;
  };
  return factory;
}
