/**
 * A fresh, migrated database per test file. SQLite by default (a temp file); with
 * TEST_DATABASE=postgres a new schema in the Postgres at TEST_POSTGRES_URL (default 127.0.0.1:5432).
 * Migrations are the committed migration.sql files, applied as Prisma would apply them.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "../../app/db/client.server";
import type { DbTarget } from "../../app/db/url";

export const testDbKind = (process.env.TEST_DATABASE ?? "sqlite") as "sqlite" | "postgres";
const pgBase = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function migrations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export interface TestDb {
  db: Db;
  target: DbTarget;
  /** environment that points a child process at the same database */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  if (testDbKind === "postgres") {
    const schema = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    for (const sql of migrations("prisma/postgres/migrations")) {
      await client.query(sql.replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, ""));
    }
    await client.end();
    const url = `${pgBase}${pgBase.includes("?") ? "&" : "?"}schema=${schema}`;
    const target: DbTarget = { kind: "postgres", url, schema };
    const db = createDb(target);
    return {
      db,
      target,
      env: { DATABASE_URL: url },
      async drop() {
        await db.$disconnect();
        const c = new pg.Client({ connectionString: pgBase });
        await c.connect();
        await c.query(`DROP SCHEMA "${schema}" CASCADE`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "mockup-db-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  for (const sql of migrations("prisma/migrations")) raw.exec(sql);
  raw.close();
  const target: DbTarget = { kind: "sqlite", url: file };
  const db = createDb(target);
  return {
    db,
    target,
    env: { DATABASE_URL: `file:${file}` },
    async drop() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
