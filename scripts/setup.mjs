// One-time, idempotent set-up that `npm run demo` and `npm test` run first:
// checks Node, generates both Prisma clients when their schema changed, and migrates the configured database.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `Mockup Pipeline needs Node 24 LTS (this is ${process.version}). ./run setup installs it inside the repository\n` +
      "(no root, the system Node untouched), then: export PATH=$PWD/.tools/node24/bin:$PATH",
  );
  process.exit(1);
}

function prisma(args) {
  try {
    // telemetry off: prisma.config.ts sets it too, explicit here so set-up never depends on the config loading
    execFileSync("npx", ["prisma", ...args], { stdio: "pipe", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  } catch (err) {
    process.stderr.write(String(err.stdout ?? "") + String(err.stderr ?? ""));
    console.error(`setup: prisma ${args.join(" ")} failed`);
    process.exit(1);
  }
}

for (const [schema, out] of [
  ["prisma/schema.prisma", "app/db/generated/sqlite"],
  ["prisma/postgres/schema.prisma", "app/db/generated/postgres"],
]) {
  const hash = createHash("sha256").update(readFileSync(schema)).digest("hex");
  const stamp = `${out}/.schema-sha256`;
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) continue;
  prisma(["generate", "--schema", schema]);
  writeFileSync(stamp, hash);
}

// The configured database: a SQLite file under .data/ by default, or DATABASE_URL.
prisma(["migrate", "deploy"]);
