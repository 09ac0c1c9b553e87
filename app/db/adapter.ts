/**
 * Driver adapters for Prisma's Rust-free client (engineType = "client"): no engine binary is
 * downloaded, which these machines cannot do (docs/decisions/002-prisma-offline.md).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DbTarget } from "./url";

export function pgConfig(target: DbTarget) {
  // Pass the parts, not connectionString: adapter-pg given a connectionString points its shadow at the real database.
  const u = new URL(target.url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, "") || "postgres",
    max: Number(u.searchParams.get("connection_limit") ?? 10),
  };
}

export function createAdapter(target: DbTarget) {
  if (target.kind === "sqlite") {
    return new PrismaBetterSQLite3({ url: `file:${target.url}`, timeout: 10_000 });
  }
  return new PrismaPg(pgConfig(target), target.schema ? { schema: target.schema } : undefined);
}
