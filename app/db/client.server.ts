/**
 * The Prisma client for this process. Both generated clients (SQLite and Postgres) expose the same
 * model API, so the rest of the code is typed against one `Db`.
 */
import { createRequire } from "node:module";
import { createAdapter } from "./adapter";
import { dbTarget, type DbTarget } from "./url";
import type { PrismaClient as SqliteClient } from "./generated/sqlite";

export type Db = SqliteClient;
export type { Prisma } from "./generated/sqlite";

const require = createRequire(import.meta.url);

/** Creates a new client for `target` (tests make one per database; the app keeps one, below). */
export function createDb(target: DbTarget = dbTarget()): Db {
  const mod =
    target.kind === "sqlite"
      ? (require("./generated/sqlite") as typeof import("./generated/sqlite"))
      : (require("./generated/postgres") as typeof import("./generated/sqlite"));
  return new mod.PrismaClient({ adapter: createAdapter(target) }) as Db;
}

declare global {
  // one client across Remix dev-server reloads
  var __mockupDb: Db | undefined;
}

export function getDb(): Db {
  globalThis.__mockupDb ??= createDb();
  return globalThis.__mockupDb;
}
