/**
 * What the admin's Library asks of CGTrader: a search page (with each model's licence and whether the shop
 * imported it already) and an import, which refuses a licence without commercial use, records a LibraryEntry and
 * starts an import job (one model.fetch step served by provider.ts). Routes stay thin; this is plain TypeScript.
 */
import { z } from "zod";
import type { Db } from "../../db/client.server";
import { createJob } from "../../pipeline/jobs";
import { importedName } from "../../library/imported.server";
import { isConnectorFault } from "../shared/faults";
import { allowsCommercialUse, pickFile } from "./api";
import { CgtraderClient, type CgtraderClientOptions, type CgtraderCredentials } from "./client";

export const searchInputSchema = z.object({
  keywords: z.string().trim().max(100).default(""),
  categoryId: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  minPrice: z.coerce.number().min(0).max(100_000).optional(),
  maxPrice: z.coerce.number().min(0).max(100_000).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
});
export type SearchInput = z.input<typeof searchInputSchema>;

/** Where an import's last good result is kept: a re-import while CGTrader is down serves it, marked degraded. */
export const importStaleKey = (id: string) => `import/cgtrader/${id}`;

export const importInputSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) });

export interface SearchHit {
  id: string;
  title: string;
  author: string;
  licence: string;
  /** false: shown, but Import is refused */
  commercial: boolean;
  thumbnailUrl: string | null;
  url: string | null;
  price: number | null;
  /** the shop's entry for this model, if any */
  imported: { id: string; status: string } | null;
}

export type SearchResult =
  | { ok: true; hits: SearchHit[]; total: number; page: number; pages: number }
  | { ok: false; error: "not_configured" | "vendor" | "invalid"; detail?: string };

/** How the admin reaches CGTrader for a shop (wiring.server.ts; tests pass the double's). */
export interface CgtraderAccess {
  /** null when the shop has not connected CGTrader */
  credentials(shop: string): Promise<CgtraderCredentials | null>;
  clientOptions?(shop: string): CgtraderClientOptions | Promise<CgtraderClientOptions>;
}

async function clientFor(access: CgtraderAccess, shop: string): Promise<CgtraderClient | null> {
  const creds = await access.credentials(shop);
  return creds ? new CgtraderClient(creds, await access.clientOptions?.(shop)) : null;
}

const PER_PAGE = 12;

export async function searchCatalog(db: Db, shop: string, raw: unknown, access: CgtraderAccess): Promise<SearchResult> {
  const q = searchInputSchema.safeParse(raw);
  if (!q.success) return { ok: false, error: "invalid", detail: q.error.issues[0]?.message };
  const client = await clientFor(access, shop);
  if (!client) return { ok: false, error: "not_configured" };
  try {
    const res = await client.search({ ...q.data, perPage: PER_PAGE });
    const ids = res.models.map((m) => m.id);
    const entries = ids.length ? await db.libraryEntry.findMany({ where: { shop, source: "cgtrader", sourceId: { in: ids } }, select: { id: true, sourceId: true, status: true } }) : [];
    return {
      ok: true,
      total: res.total,
      page: res.page,
      pages: Math.max(1, Math.ceil(res.total / PER_PAGE)),
      hits: res.models.map((m) => {
        const e = entries.find((x) => x.sourceId === m.id);
        return {
          id: m.id,
          title: m.title,
          author: m.author_name,
          licence: m.license,
          commercial: allowsCommercialUse(m.license),
          thumbnailUrl: m.thumbnail_url ?? null,
          url: m.url ?? null,
          price: m.prices?.download ?? null,
          imported: e ? { id: e.id, status: e.status } : null,
        };
      }),
    };
  } catch (err) {
    if (isConnectorFault(err)) return { ok: false, error: "vendor", detail: err.message };
    throw err;
  }
}

export type ImportResult =
  | { ok: true; entryId: string; jobId: string | null; created: boolean }
  | { ok: false; error: "not_configured" | "licence" | "no_file" | "vendor" | "invalid"; detail?: string };

/**
 * Starts importing one model. The licence is read from CGTrader here, not taken from the browser: a model without
 * commercial use is refused and nothing is written. A model already imported (or importing) is not started again.
 */
export async function startImport(db: Db, shop: string, raw: unknown, access: CgtraderAccess): Promise<ImportResult> {
  const input = importInputSchema.safeParse(raw);
  if (!input.success) return { ok: false, error: "invalid" };
  const client = await clientFor(access, shop);
  if (!client) return { ok: false, error: "not_configured" };
  const { id } = input.data;
  let details;
  try {
    details = await client.details(id);
  } catch (err) {
    if (isConnectorFault(err)) return { ok: false, error: "vendor", detail: err.message };
    throw err;
  }
  if (!allowsCommercialUse(details.license)) return { ok: false, error: "licence", detail: details.license };
  const file = pickFile(details.files);
  if (!file) return { ok: false, error: "no_file" };

  const existing = await db.libraryEntry.findFirst({ where: { shop, source: "cgtrader", sourceId: details.id } });
  if (existing && existing.status !== "failed") return { ok: true, entryId: existing.id, jobId: existing.jobId, created: false };
  const name = importedName("cgtrader", details.id);
  const fields = {
    title: details.title.slice(0, 200),
    author: details.author_name.slice(0, 200),
    licence: details.license,
    commercial: true,
    sourceUrl: details.url ?? null,
    thumbnailUrl: details.thumbnail_url ?? null,
    fileId: file.id,
    fileName: file.name,
    status: "importing",
    error: null,
    jobId: null,
  };
  const entry = existing
    ? await db.libraryEntry.update({ where: { id: existing.id }, data: fields })
    : await db.libraryEntry.create({ data: { shop, name, source: "cgtrader", sourceId: details.id, ...fields } });
  const job = await createJob(db, {
    shop,
    type: "library-import",
    priority: "merchant",
    input: { entryId: entry.id, source: "cgtrader", sourceId: details.id, title: entry.title },
    steps: [{ name: "fetch", capability: "model.fetch", params: { model: name, source: { vendor: "cgtrader", id: details.id, fileId: file.id } }, staleKey: importStaleKey(details.id) }],
    dedupKey: `library-import:${entry.id}:${entry.updatedAt.getTime()}`,
  });
  await db.libraryEntry.updateMany({ where: { id: entry.id, shop }, data: { jobId: job.id } });
  return { ok: true, entryId: entry.id, jobId: job.id, created: true };
}
