// The committed migrations apply with the Prisma CLI itself (offline JS schema engine) on both providers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { testDbKind } from "../helpers/db";

const EXPECTED = ["Session", "Shop", "Job", "JobStep", "StepCache", "Asset", "Design", "ProviderHealth", "WebhookDelivery", "Notification", "PublishedMedia", "WorkerHeartbeat", "PublishVersion", "PublishState", "PublishShop"];

const migrationNames = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function migrate(databaseUrl: string): string {
  return execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: databaseUrl },
    encoding: "utf8",
    stdio: "pipe",
  });
}

describe("prisma migrate deploy", () => {
  it.runIf(testDbKind === "sqlite")("creates every table in a new SQLite file, and is a no-op the second time", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "migrate-"));
    try {
      const file = path.join(dir, "m.db");
      expect(migrate(`file:${file}`)).toMatch(/successfully applied|No pending migrations/);
      expect(migrate(`file:${file}`)).toMatch(/No pending migrations/);
      const db = new Database(file, { readonly: true });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r) => (r as { name: string }).name);
      db.close();
      expect(tables).toEqual(expect.arrayContaining(EXPECTED));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(testDbKind === "postgres")("creates every table in a new Postgres database", async () => {
    const base = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const name = `mockup_migrate_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(base);
      url.pathname = `/${name}`;
      expect(migrate(url.toString())).toMatch(/successfully applied/);
      expect(migrate(url.toString())).toMatch(/No pending migrations/);
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const { rows } = await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      await c.end();
      expect(rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(EXPECTED));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it("has the same migrations for both databases", () => {
    expect(migrationNames("prisma/postgres/migrations")).toEqual(migrationNames("prisma/migrations"));
    expect(migrationNames("prisma/migrations").length).toBeGreaterThan(0);
  });

  // a model change without its migration would pass every test (they apply the migrations) and break production
  it.runIf(testDbKind === "sqlite")("the committed SQLite migrations build exactly the schema (no drift)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "drift-"));
    try {
      // --exit-code: 0 when migrations and schema agree, 2 when they differ (execFileSync throws on 2)
      const out = execFileSync("npx", ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"], {
        env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: `file:${path.join(dir, "shadow.db")}` },
        encoding: "utf8",
        stdio: "pipe",
      });
      expect(out).toContain("No difference detected");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
