/**
 * Database error classification shared by every caller (jobs, asset store, webhook deliveries).
 * Prisma reports a unique violation from the model API as P2002; raw SQL through a driver adapter reports
 * P2010 with the adapter's error in `meta.driverAdapterError.cause` (kind UniqueConstraintViolation,
 * original code SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY on SQLite, 23505 on Postgres).
 */

interface AdapterCause {
  kind?: string;
  originalCode?: string;
  originalMessage?: string;
}

const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);
// the drivers' own wording, for errors that reach us without Prisma's metadata
const UNIQUE_MESSAGE = /UNIQUE constraint failed|duplicate key value violates unique constraint/;

/** True when `err` is a unique (or primary key) constraint violation on SQLite or Postgres. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } }; cause?: AdapterCause };
  if (e.code === "P2002") return true;
  const cause = e.meta?.driverAdapterError?.cause ?? e.cause;
  if (cause && (cause.kind === "UniqueConstraintViolation" || UNIQUE_CODES.has(String(cause.originalCode)))) return true;
  return typeof e.message === "string" && UNIQUE_MESSAGE.test(e.message);
}
