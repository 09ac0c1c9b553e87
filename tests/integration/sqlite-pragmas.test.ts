// Every process opens SQLite one way: a client made by createDb (what the routes' getDb uses) is already in
// WAL with synchronous=NORMAL, without going through createRuntime.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createDb } from "../../app/db/client.server";

describe("SQLite connection settings", () => {
  it("createDb opens in WAL with synchronous=NORMAL (1)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pragmas-"));
    const file = path.join(dir, "p.db");
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: `file:${file}` }, stdio: "pipe" });
    const db = createDb({ kind: "sqlite", url: file });
    try {
      const [mode] = (await db.$queryRawUnsafe("PRAGMA journal_mode")) as { journal_mode: string }[];
      const [sync] = (await db.$queryRawUnsafe("PRAGMA synchronous")) as { synchronous: number | bigint }[];
      expect(mode.journal_mode).toBe("wal");
      expect(Number(sync.synchronous)).toBe(1);
    } finally {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
