/**
 * Models imported into a shop's library (LibraryEntry rows): listing, one entry by id (another shop's id is
 * "not found"), the print areas the merchant draws on an imported model's UV layout, and the model itself for the
 * pipeline (the local model.fetch provider) and the admin.
 *
 * While an import runs, its job is the truth: an entry in "importing" is brought up to date from its job whenever it
 * is read (any process may have run the job), so no worker needs to know about library entries.
 */
import { createHash } from "node:crypto";
import type { AssetStore } from "../assets/store/types";
import type { ModelInfo } from "../contracts/model-info";
import { drawnPrintAreasSchema, type PrintArea } from "../contracts/print-area";
import type { Db } from "../db/client.server";
import type { LibraryEntry } from "../db/generated/sqlite";
import { getJob, TERMINAL_JOB } from "../pipeline/jobs";

/** Names of imported models: the marketplace prefix, then its id (never a built-in name). */
export function importedName(source: "cgtrader", sourceId: string): string {
  return `cgt-${sourceId.toLowerCase().replace(/[^a-z0-9_-]/g, "-")}`.slice(0, 40);
}

export function isImportedName(name: string): boolean {
  return name.startsWith("cgt-");
}

export interface ImportedModelView {
  id: string;
  name: string;
  title: string;
  source: string;
  sourceId: string;
  author: string;
  licence: string;
  commercial: boolean;
  sourceUrl: string | null;
  thumbnailUrl: string | null;
  fileName: string | null;
  fileChecksum: string | null;
  triangles: number | null;
  status: "importing" | "ready" | "failed";
  error: string | null;
  jobId: string | null;
  /** 0..100 while importing */
  progress: number;
  printAreas: PrintArea[];
  createdAt: string;
}

function parseAreas(text: string): PrintArea[] {
  try {
    const r = drawnPrintAreasSchema.safeParse(JSON.parse(text));
    return r.success ? (r.data as PrintArea[]) : [];
  } catch {
    return [];
  }
}

function view(row: LibraryEntry, progress = row.status === "ready" ? 100 : 0): ImportedModelView {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    source: row.source,
    sourceId: row.sourceId,
    author: row.author,
    licence: row.licence,
    commercial: row.commercial,
    sourceUrl: row.sourceUrl,
    thumbnailUrl: row.thumbnailUrl,
    fileName: row.fileName,
    fileChecksum: row.fileChecksum,
    triangles: row.triangles,
    status: row.status as ImportedModelView["status"],
    error: row.error,
    jobId: row.jobId,
    progress,
    printAreas: parseAreas(row.printAreas),
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the import step returns in data.source (app/connectors/cgtrader/provider.ts). */
interface ImportOutput {
  checksum?: string;
  fileName?: string;
  fileId?: string;
  triangles?: number;
}

/** An importing entry brought up to date from its job; other entries as they are. */
async function reconcile(db: Db, row: LibraryEntry): Promise<ImportedModelView> {
  if (row.status !== "importing" || !row.jobId) return view(row);
  const job = await getJob(db, row.shop, row.jobId).catch(() => null);
  if (!job) return view(await update(db, row, { status: "failed", error: "the import job is gone" }));
  if (!TERMINAL_JOB.includes(job.status)) return view(row, job.progress);
  const step = job.steps.find((s) => s.capability === "model.fetch");
  const glb = step?.output?.assets.glb;
  if (job.status === "succeeded" && glb) {
    const src = (step?.output?.data.source ?? {}) as ImportOutput;
    return view(
      await update(db, row, {
        status: "ready",
        error: null,
        glbKey: glb,
        fileChecksum: src.checksum ?? null,
        fileName: src.fileName ?? null,
        fileId: src.fileId ?? row.fileId,
        triangles: src.triangles ?? null,
      }),
    );
  }
  return view(await update(db, row, { status: "failed", error: (job.error ?? step?.error ?? job.status).slice(0, 500) }));
}

async function update(db: Db, row: LibraryEntry, data: Partial<LibraryEntry>): Promise<LibraryEntry> {
  // only while still importing under the same job: a newer import started meanwhile wins
  const r = await db.libraryEntry.updateMany({ where: { id: row.id, shop: row.shop, status: "importing", jobId: row.jobId }, data });
  return r.count ? { ...row, ...data } : ((await db.libraryEntry.findFirst({ where: { id: row.id, shop: row.shop } })) ?? row);
}

export async function listImported(db: Db, shop: string): Promise<ImportedModelView[]> {
  const rows = await db.libraryEntry.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 200 });
  return Promise.all(rows.map((r) => reconcile(db, r)));
}

/** One entry of this shop; null for an unknown id or another shop's (the route answers 404 for both). */
export async function getImported(db: Db, shop: string, id: string): Promise<ImportedModelView | null> {
  if (!/^[a-z0-9]{8,40}$/i.test(id)) return null;
  const row = await db.libraryEntry.findFirst({ where: { id, shop } });
  return row ? reconcile(db, row) : null;
}

/** The entry's revision: changes with its GLB and its print areas (model.fetch params carry it: no stale cache). */
export function revisionOf(entry: { fileChecksum: string | null; printAreas: PrintArea[] } & { glbKey?: string | null }): string {
  return createHash("sha256")
    .update(JSON.stringify([entry.glbKey ?? entry.fileChecksum ?? "", entry.printAreas]))
    .digest("hex")
    .slice(0, 16);
}

/** A ready imported model of this shop as the pipeline and the pages read it: its GLB and ModelInfo. */
export async function importedModel(db: Db, assets: AssetStore, shop: string, name: string): Promise<{ glb: Uint8Array; info: ModelInfo; revision: string } | null> {
  const row = await db.libraryEntry.findFirst({ where: { shop, name, status: "ready" } });
  if (!row?.glbKey) return null;
  const printAreas = parseAreas(row.printAreas);
  const info: ModelInfo = {
    name: row.name,
    title: row.title.slice(0, 200),
    productType: "other",
    licence: row.licence.slice(0, 200),
    author: row.author.slice(0, 200),
    printAreas,
    tintMaterials: [],
  };
  return { glb: new Uint8Array(await assets.get(row.glbKey)), info, revision: revisionOf({ ...row, printAreas }) };
}

/** ModelInfo of the shop's ready imported models (product setup: model choice and print areas). */
export async function importedInfos(db: Db, shop: string): Promise<(ModelInfo & { revision: string })[]> {
  const rows = await db.libraryEntry.findMany({ where: { shop, status: "ready" }, orderBy: { createdAt: "asc" }, take: 200 });
  return rows.map((row) => {
    const printAreas = parseAreas(row.printAreas);
    return {
      name: row.name,
      title: row.title.slice(0, 200),
      productType: "other" as const,
      licence: row.licence,
      author: row.author,
      printAreas,
      tintMaterials: [],
      revision: revisionOf({ ...row, printAreas }),
    };
  });
}

/** One problem with drawn print areas, as an i18n key (cgtrader.printArea.error.*) and the field it concerns. */
export interface PrintAreaIssue {
  path: string;
  key: string;
}

export class PrintAreaInputError extends Error {
  constructor(readonly issues: PrintAreaIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.key}`).join("; "));
    this.name = "PrintAreaInputError";
  }
}

/** The smallest rectangle side in UV units a merchant can draw (a 1 % sliver is a mis-click, not a print area). */
export const MIN_UV_SIDE = 0.02;

/** Validates and stores the drawn print areas of one of the shop's ready imported models; bad input changes nothing. */
export async function savePrintAreas(db: Db, shop: string, id: string, raw: unknown): Promise<ImportedModelView | null> {
  const entry = await getImported(db, shop, id);
  if (!entry) return null;
  if (entry.status !== "ready") throw new PrintAreaInputError([{ path: "model", key: "cgtrader.printArea.error.notReady" }]);
  const parsed = drawnPrintAreasSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PrintAreaInputError(
      parsed.error.issues.map((i) => {
        const path = i.path.join(".");
        const last = String(i.path[i.path.length - 1] ?? "");
        const key =
          (i as { params?: { code?: string } }).params?.code === "duplicate_area"
            ? "duplicate"
            : path.includes("uv")
              ? "rect"
              : last === "widthCm" || last === "heightCm"
                ? "size"
                : last === "name"
                  ? "name"
                  : "invalid";
        return { path: path || "areas", key: `cgtrader.printArea.error.${key}` };
      }),
    );
  }
  const small = parsed.data.findIndex((a) => a.uv.u1 - a.uv.u0 < MIN_UV_SIDE || a.uv.v1 - a.uv.v0 < MIN_UV_SIDE);
  if (small >= 0) throw new PrintAreaInputError([{ path: `${small}.uv`, key: "cgtrader.printArea.error.tooSmall" }]);
  const r = await db.libraryEntry.updateMany({ where: { id, shop, status: "ready" }, data: { printAreas: JSON.stringify(parsed.data) } });
  if (!r.count) return null;
  return getImported(db, shop, id);
}

/** A model's ModelInfo for this shop, built-in or imported (orders and the storefront read print areas from it). */
export async function shopModelInfo(db: Db, shop: string, name: string): Promise<ModelInfo> {
  if (isImportedName(name)) {
    const info = (await importedInfos(db, shop)).find((m) => m.name === name);
    if (!info) throw new Error(`no imported model "${name}" in this shop's library`);
    const { revision: _revision, ...rest } = info;
    return rest;
  }
  const { loadModel } = await import("./index");
  return (await loadModel(name)).info;
}

/**
 * A model's GLB and ModelInfo for this shop, built-in or imported (the storefront editor renders either). Imported
 * models need the shop's asset store, where their GLB is.
 */
export async function loadShopModel(db: Db, assets: AssetStore | undefined, shop: string, name: string): Promise<{ glb: Uint8Array; info: ModelInfo }> {
  if (isImportedName(name)) {
    const m = assets ? await importedModel(db, assets, shop, name) : null;
    if (!m) throw new Error(`no imported model "${name}" in this shop's library`);
    return m;
  }
  const { loadModel } = await import("./index");
  return loadModel(name);
}
