/**
 * Raw SQL for the worker's hot path (docs/decisions/013-orchestrator-hot-path.md). Prisma's Rust-free
 * client compiles every model query in WebAssembly (~0.5 ms of CPU each); a step makes several, so the
 * per-transition statements are written once here, in SQL that SQLite and Postgres both accept
 * (double-quoted identifiers, ON CONFLICT, parameters for every value), and run through $queryRawUnsafe.
 * Tests run on both databases. The rest of the code keeps using the model API.
 */
import type { Db } from "../db/client.server";

type Dialect = "sqlite" | "postgres";

interface ClientInternals {
  _activeProvider?: string;
  _engineConfig?: { adapter?: { options?: { schema?: string } } };
}

export class Sql {
  readonly dialect: Dialect;
  private readonly prefix: string;
  private readonly cache = new Map<string, string>();

  constructor(readonly db: Db, opts: { schema?: string } = {}) {
    // Prisma qualifies model queries with the adapter's schema, raw SQL is not: read the same setting.
    // Internal fields of the pinned Prisma 6.19 client; a change shows up as "relation does not exist".
    const internals = db as unknown as ClientInternals;
    this.dialect = internals._activeProvider === "sqlite" ? "sqlite" : "postgres";
    const schema = opts.schema ?? internals._engineConfig?.adapter?.options?.schema;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`unsafe schema name "${schema}"`);
    this.prefix = this.dialect === "postgres" && schema ? `"${schema}".` : "";
  }

  /** `{Job}` → the qualified table; `?` → `$n` on Postgres. Memoised per statement text. */
  private text(sql: string): string {
    let out = this.cache.get(sql);
    if (out === undefined) {
      out = sql.replace(/\{([A-Za-z]+)\}/g, (_, t: string) => `${this.prefix}"${t}"`);
      if (this.dialect === "postgres") {
        let i = 0;
        out = out.replace(/\?/g, () => `$${++i}`);
      }
      this.cache.set(sql, out);
    }
    return out;
  }

  /** A statement (can be passed to db.$transaction([...])). */
  exec(sql: string, ...args: unknown[]) {
    return this.db.$executeRawUnsafe(this.text(sql), ...args);
  }

  query<T>(sql: string, ...args: unknown[]) {
    return this.db.$queryRawUnsafe<T[]>(this.text(sql), ...args);
  }

  /**
   * An INSERT, UPDATE or DELETE (no RETURNING) run on its own whose commit does not wait for Postgres to flush the
   * WAL to disk: asynchronous commit for this statement only (set_config(…, true) is SET LOCAL of the statement's
   * own transaction). For a worker's writes that a later synchronous commit of the same job covers: the WAL is
   * flushed in order, so once that commit is durable this write is too, and a database crash before it loses both,
   * and the step runs again. Two workers committing at once wait on each other's flush (decision 157).
   * A query, not a statement: it cannot go into db.$transaction, where it would make the whole transaction
   * asynchronous. SQLite: a plain statement. Returns the affected row count.
   */
  async execAsyncCommit(sql: string, ...args: unknown[]): Promise<number> {
    if (this.dialect !== "postgres") return this.exec(sql, ...args);
    const rows = await this.query<{ n: number }>(
      `WITH w AS (${sql} RETURNING 1) SELECT set_config('synchronous_commit', 'off', true) AS "s", (SELECT count(*) FROM w)::int AS "n"`,
      ...args,
    );
    return Number(rows[0]?.n ?? 0);
  }
}
