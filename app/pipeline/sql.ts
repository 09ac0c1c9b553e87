/**
 * Raw SQL for the worker's hot path (docs/decisions/013-orchestrator-hot-path.md). Prisma's Rust-free
 * client compiles every model query in WebAssembly (~0.5 ms of CPU each); a step makes several, so the
 * per-transition statements are written once here, in SQL that SQLite and Postgres both accept
 * (double-quoted identifiers, ON CONFLICT, parameters for every value), and run through $queryRawUnsafe.
 * Tests run on both databases. The rest of the code keeps using the model API.
 */
import type { Db } from "../db/client.server";

type Dialect = "sqlite" | "postgres";

/**
 * A write described, not yet run: `sql.run(s)` runs it alone, `sql.writeAll([...])` runs several as one transaction.
 * The writes of a step's result are built this way (job-state.ts), so they can go to the database together.
 */
export interface Statement {
  /** SQL with `{Table}` names and `?` parameters (see Sql) */
  readonly sql: string;
  readonly args: readonly unknown[];
}

/** A Statement of `sql` with its parameters. */
export const statement = (sql: string, ...args: unknown[]): Statement => ({ sql, args });

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

  /** One Statement on its own; the affected row count. */
  run(s: Statement): Promise<number> {
    return this.exec(s.sql, ...s.args);
  }

  /**
   * Statements (INSERT, UPDATE or DELETE without RETURNING) in one transaction; each one's affected row count, in
   * order. Postgres: ONE statement, each write a data-modifying CTE (`WITH w0 AS (… RETURNING 1), …`), so the
   * transaction is one round trip instead of BEGIN, the writes and COMMIT apart (a step's result was four). The
   * CTEs run on one snapshot: no statement sees another's changes, so statements must not depend on each other's
   * rows (the result's writes touch different tables, each guarded by Job.lockedBy as it was before the
   * statement). SQLite has no data-modifying CTEs: a batch transaction, the same outcome.
   */
  async writeAll(statements: readonly Statement[]): Promise<number[]> {
    if (statements.length === 0) return [];
    if (this.dialect !== "postgres") return this.db.$transaction(statements.map((s) => this.exec(s.sql, ...s.args)));
    const ctes = statements.map((s, i) => `w${i} AS (${s.sql} RETURNING 1)`).join(", ");
    const counts = statements.map((_, i) => `(SELECT count(*) FROM w${i})::int AS "n${i}"`).join(", ");
    const [row] = await this.query<Record<string, number>>(`WITH ${ctes} SELECT ${counts}`, ...statements.flatMap((s) => s.args));
    return statements.map((_, i) => Number(row?.[`n${i}`] ?? 0));
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
