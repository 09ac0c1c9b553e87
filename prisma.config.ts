// Prisma CLI configuration: the JS schema engine with a driver adapter, so nothing is downloaded.
// The provider follows DATABASE_URL (app/db/url.ts); each provider has its own schema and migrations.
import "dotenv/config"; // the CLI stops loading .env itself once this file exists
// telemetry off for every Prisma command in this repository, by hand or spawned (its "checkpoint" check
// runs after this file is loaded and would try to reach Prisma's host: offline installs wait on it)
process.env.CHECKPOINT_DISABLE = "1";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { dbTarget } from "./app/db/url";
import { createCliAdapter } from "./app/db/cli-adapter";

const target = dbTarget();
if (target.kind === "sqlite") mkdirSync(path.dirname(target.url), { recursive: true });

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: target.kind === "sqlite" ? "prisma/schema.prisma" : "prisma/postgres/schema.prisma",
  migrations: { path: target.kind === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations" },
  adapter: async () => createCliAdapter(target),
});
