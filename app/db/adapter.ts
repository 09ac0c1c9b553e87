/**
 * Driver adapters for Prisma's Rust-free client (engineType = "client"): no engine binary is
 * downloaded, which these machines cannot do (docs/decisions/002-prisma-offline.md).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DbTarget } from "./url";

export const PG_DEFAULTS = {
  port: 5432,
  user: "postgres",
  database: "postgres",
  /** pool size when the URL has no ?connection_limit= */
  connectionLimit: 10,
} as const;

export function pgConfig(target: DbTarget) {
  // Pass the parts, not connectionString: adapter-pg given a connectionString points its shadow at the real database.
  const u = new URL(target.url);
  return {
    host: u.hostname,
    port: Number(u.port || PG_DEFAULTS.port),
    user: decodeURIComponent(u.username || PG_DEFAULTS.user),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, "") || PG_DEFAULTS.database,
    max: Number(u.searchParams.get("connection_limit") ?? PG_DEFAULTS.connectionLimit),
    // ?schema=NAME: raw SQL (migrations, the worker's job-state statements) must land in NAME too, not only
    // the client's generated queries; the schema name is checked in dbTarget, so quoting it here is safe
    ...(target.schema ? { options: `-c search_path="${target.schema}"` } : {}),
  };
}

export function createAdapter(target: DbTarget) {
  if (target.kind === "sqlite") {
    const factory = new PrismaBetterSQLite3({ url: `file:${target.url}`, timeout: 10_000 });
    // Every process opens SQLite one way, whoever creates the client (runtime, routes' getDb, the CLI): WAL so
    // readers never block the writer, synchronous=NORMAL so a commit costs no fsync of the main file
    // (docs/decisions/013). These are per-connection settings, so they are set as each connection opens.
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      return adapter;
    };
    return factory;
  }
  return new PrismaPg(pgConfig(target), target.schema ? { schema: target.schema } : undefined);
}
