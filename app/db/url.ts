/**
 * Which database this process talks to. SQLite is the embedded default (a file under the data
 * directory); a postgres:// DATABASE_URL selects Postgres. Shared by the app, the CLI and prisma.config.ts.
 */
import path from "node:path";

export type DbKind = "sqlite" | "postgres";

export interface DbTarget {
  kind: DbKind;
  /** sqlite: absolute file path; postgres: the connection URL */
  url: string;
  /** postgres only: schema to use (tests use one schema per run) */
  schema?: string;
}

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.MOCKUP_DATA_DIR ?? ".data");
}

export function dbTarget(env: NodeJS.ProcessEnv = process.env): DbTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { kind: "sqlite", url: path.join(dataDir(env), "mockup.db") };
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const schema = new URL(url).searchParams.get("schema") ?? undefined;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`DATABASE_URL ?schema= must be a plain Postgres identifier (letters, digits, _; got "${schema.slice(0, 70)}")`);
    }
    return { kind: "postgres", url, schema };
  }
  if (url.startsWith("file:")) {
    // SQLite URLs are resolved against the current directory, never against prisma/ (a Prisma quirk).
    return { kind: "sqlite", url: path.resolve(url.slice("file:".length)) };
  }
  throw new Error(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url.split(":")[0]}:")`);
}
