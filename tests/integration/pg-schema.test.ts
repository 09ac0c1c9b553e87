// DATABASE_URL=postgresql://…?schema=NAME is honoured everywhere: migrate deploy creates the tables in NAME
// (not in public), and the app's client and its raw SQL (the worker's job-state statements) use NAME.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDb } from "../../app/db/client.server";
import { dbTarget } from "../../app/db/url";
import { testDbKind } from "../helpers/db";

const base = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

describe("a non-public Postgres schema", () => {
  it.runIf(testDbKind === "postgres")("is migrated, read and written by raw SQL in that schema only", async () => {
    const schema = `s_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const url = `${base}${base.includes("?") ? "&" : "?"}schema=${schema}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: url }, stdio: "pipe" });
      const tables = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(["Job", "JobStep", "Session", "_prisma_migrations"]));
      const db = createDb(dbTarget({ DATABASE_URL: url } as unknown as NodeJS.ProcessEnv));
      try {
        await db.job.create({ data: { shop: "a.myshopify.com", type: "probe" } });
        // unqualified raw SQL, as the worker's statements are written, sees the same row
        const raw = (await db.$queryRawUnsafe(`SELECT count(*)::int AS n FROM "Job" WHERE shop = 'a.myshopify.com'`)) as { n: number }[];
        expect(raw[0].n).toBe(1);
      } finally {
        await db.$disconnect();
      }
      const inSchema = await admin.query(`SELECT count(*)::int AS n FROM "${schema}"."Job"`);
      expect(inSchema.rows[0].n).toBe(1);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });

  it("a schema name that is not a plain identifier is refused with a clear message", () => {
    expect(() => dbTarget({ DATABASE_URL: `${base}?schema=a"b;drop` } as unknown as NodeJS.ProcessEnv)).toThrow(/plain Postgres identifier/);
  });
});
