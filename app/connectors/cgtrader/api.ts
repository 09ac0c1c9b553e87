/**
 * CGTrader's API as this adapter speaks it: every path, query name and field name in one file, each response
 * checked by a zod schema (a malformed answer is a provider fault, never a crash).
 *
 * DOCUMENTED (../shared/docs/connectors.md, from the Power Platform connector): OAuth 2 client credentials at
 * `POST /oauth/token`; `GET /v1/models` with keywords, category_id, min_price, max_price, page, per_page, sort;
 * `GET /v1/models/:id` with prices, downloadable, licence and files[]; `GET /v1/models/:id/files/:file_id` → a
 * short-lived signed URL; `GET /v1/categories`; 100 calls per 60 s, 429 with Retry-After.
 * ASSUMED (no response bodies are published): the exact field names below (`models`, `total`, `author_name`,
 * `license`, `thumbnail_url`, `file_type`, `url`, `expires_at`). They are marked `ASSUMED` where they are
 * read; a real answer that differs fails these schemas loudly (a provider fault), it is never guessed around.
 */
import { z } from "zod";

export const PATHS = {
  token: "/oauth/token",
  models: "/v1/models",
  model: (id: string) => `/v1/models/${encodeURIComponent(id)}`,
  file: (id: string, fileId: string) => `/v1/models/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`,
  categories: "/v1/categories",
} as const;

/** Query names of `GET /v1/models` (documented). */
export const SEARCH_QUERY = {
  keywords: "keywords",
  category: "category_id",
  minPrice: "min_price",
  maxPrice: "max_price",
  page: "page",
  perPage: "per_page",
  sort: "sort",
} as const;

export const tokenSchema = z.object({
  access_token: z.string().min(8).max(4096),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive().max(31 * 24 * 3600),
});

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)]).transform(String);
const httpsUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** ASSUMED names: `license` (a licence code), `author_name`, `thumbnail_url`, `prices.download`. */
const modelSummaryShape = {
  id,
  title: z.string().min(1).max(300),
  author_name: z.string().max(200).default(""),
  license: z.string().min(1).max(100),
  downloadable: z.boolean().default(false),
  thumbnail_url: httpsUrl.nullish(),
  url: httpsUrl.nullish(),
  prices: z.looseObject({ download: z.number().nonnegative().nullish() }).nullish(),
};

export const modelSummarySchema = z.looseObject(modelSummaryShape);

/** ASSUMED: `{ models, total, page, per_page }`. */
export const searchResponseSchema = z.looseObject({
  models: z.array(modelSummarySchema).max(100),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive().default(1),
  per_page: z.number().int().positive().max(100).default(25),
});

/** ASSUMED: files[] of `{ id, name, file_type, size }`. */
export const modelFileSchema = z.looseObject({
  id,
  name: z.string().min(1).max(300),
  file_type: z.string().min(1).max(20).transform((s) => s.toLowerCase()),
  size: z.number().int().nonnegative().nullish(),
});

export const modelDetailsSchema = z.looseObject({
  ...modelSummaryShape,
  description: z.string().max(20_000).nullish(),
  files: z.array(modelFileSchema).max(200).default([]),
});

/** ASSUMED: `{ url, expires_at }`. */
export const signedFileSchema = z.looseObject({ url: httpsUrl, expires_at: z.iso.datetime({ offset: true }).nullish() });

export const categoriesSchema = z.looseObject({ categories: z.array(z.looseObject({ id, name: z.string().min(1).max(200) })).max(2000) });

export type CgModelSummary = z.infer<typeof modelSummarySchema>;
export type CgModelDetails = z.infer<typeof modelDetailsSchema>;
export type CgModelFile = z.infer<typeof modelFileSchema>;

/**
 * Which licence codes allow a merchant to sell products made with the model. CGTrader sells "Royalty Free"
 * (commercial use allowed) and "Editorial" (news and education only) licences; ASSUMED codes. Anything not known to
 * allow commercial use is refused, so a new code CGTrader adds is safe by default.
 */
export const COMMERCIAL_LICENCES: ReadonlySet<string> = new Set(["royalty_free", "royalty-free", "royaltyfree", "commercial"]);

export function allowsCommercialUse(licence: string): boolean {
  return COMMERCIAL_LICENCES.has(licence.trim().toLowerCase());
}

/** File types the asset processor imports, best first (a GLB needs no conversion; FBX last: the least faithful). */
export const IMPORTABLE_TYPES = ["glb", "gltf", "obj", "stl", "fbx"] as const;

/** The file an import downloads: the best importable type, the smaller one among equals. */
export function pickFile(files: readonly CgModelFile[]): CgModelFile | undefined {
  const rank = (f: CgModelFile) => IMPORTABLE_TYPES.indexOf(f.file_type as (typeof IMPORTABLE_TYPES)[number]);
  return files
    .filter((f) => rank(f) >= 0)
    .sort((a, b) => rank(a) - rank(b) || (a.size ?? Infinity) - (b.size ?? Infinity))[0];
}
