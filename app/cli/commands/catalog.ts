/**
 * `mockup catalog`: every design in a folder × colours × views × models, on worker threads (one per core),
 * each mockup cached by its key so a re-run costs nothing. A bad design file is reported and fails only its
 * own mockups. Writes OUT/<model>/<view>/<design>--<colour>.<ext> and prints the paths.
 */
import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { colorListArg, fileErrorReason, parse, intArg } from "../args";
import { InputError, UsageError, type CliCommand, type CliIO } from "../types";
import { DesignRejectedError } from "../../designs/intake";
import { runCatalog, type CatalogItem } from "../../mockups/catalog/run";
import { LocalWorkspace, UnknownModelError, type PassRenderer } from "../../mockups/local-workspace";
import { viewsSchema as views, type View } from "../../contracts/view";
import { DEFAULTS as CATALOG_DEFAULTS } from "../../contracts/mockup-catalog";
import { IMAGE_FORMATS, type ImageFormat } from "../../contracts/image-format";

const DESIGN_EXT = /\.(png|jpe?g|webp|svg)$/i;

export const command: CliCommand = {
  name: "catalog",
  summary: "mockups for every design × colour × view × model, on all cores, cached by key",
  usage:
    'mockup catalog --designs DIR --models tee,hoodie --colors "Black=#000000,#2E8B57" --out DIR [--views front,back] [--size 1024|2048] [--format jpeg|webp|png] [--threads N] [--renderer auto|blender|raster] [--json]',
  async run(argv, io) {
    const { values } = parse(argv, {
      designs: { type: "string" },
      models: { type: "string" },
      colors: { type: "string" },
      views: { type: "string" },
      out: { type: "string" },
      size: { type: "string" },
      format: { type: "string" },
      threads: { type: "string" },
      json: { type: "boolean" },
      renderer: { type: "string" },
    });
    if (!values.designs) throw new UsageError("--designs DIR is required");
    if (!values.models) throw new UsageError("--models is required (e.g. --models tee,hoodie)");
    if (!values.colors) throw new UsageError('--colors is required (e.g. --colors "Black=#111111,White=#FFFFFF")');
    if (!values.out) throw new UsageError("--out DIR is required");
    const colors = colorListArg("colors", values.colors);
    const viewList = views.safeParse((values.views ?? "front").split(",").map((v) => v.trim()));
    if (!viewList.success) throw new UsageError("--views must list front, back, three_quarter or flat_lay");
    const size = Number(values.size ?? CATALOG_DEFAULTS.size);
    if (size !== 1024 && size !== 2048) throw new UsageError("--size must be 1024 or 2048");
    const format = (values.format ?? CATALOG_DEFAULTS.format) as ImageFormat;
    if (!IMAGE_FORMATS.includes(format)) throw new UsageError("--format must be jpeg, webp or png");
    const threads = intArg("threads", values.threads, 0, 0, 64) || undefined;
    const models = values.models.split(",").map((m) => m.trim()).filter(Boolean);

    let files: string[];
    try {
      files = (await readdir(values.designs)).filter((f) => DESIGN_EXT.test(f)).sort();
    } catch (err) {
      throw new UsageError(`cannot read --designs ${values.designs}: ${fileErrorReason(err) ?? (err as Error).message}`);
    }
    if (files.length === 0) throw new UsageError(`no .png/.jpg/.webp/.svg files in ${values.designs}`);

    const renderer = (values.renderer ?? "auto") as PassRenderer;
    if (!["auto", "blender", "raster"].includes(renderer)) throw new UsageError("--renderer must be auto, blender or raster");
    const ws = new LocalWorkspace();
    try {
      return await catalogIn(ws, { designsDir: values.designs, files, models, colors, views: viewList.data as View[], size: size as 1024 | 2048, format, threads, renderer, out: values.out, json: values.json ?? false }, io);
    } finally {
      await ws.close();
    }
  },
};

interface CatalogArgs {
  designsDir: string;
  files: string[];
  models: string[];
  colors: { name: string; hex: string }[];
  views: View[];
  size: 1024 | 2048;
  format: "jpeg" | "webp" | "png";
  threads?: number;
  renderer: PassRenderer;
  out: string;
  json: boolean;
}

async function catalogIn(ws: LocalWorkspace, a: CatalogArgs, io: CliIO): Promise<number> {
  const { files, models, colors, size, format, threads } = a;
  const values = { designs: a.designsDir, out: a.out, json: a.json };
  const viewList = { data: a.views };
  // designs: intake each file; a rejected one is reported and left out (its mockups fail, nothing else)
  const designs: { key: string; name: string }[] = [];
  const rejected: { file: string; error: string }[] = [];
  for (const f of files) {
    try {
      const d = await ws.design(await readFile(path.join(values.designs, f)), { filename: f });
      designs.push({ key: d.key, name: f.replace(/\.[^.]+$/, "") });
    } catch (err) {
      if (!(err instanceof DesignRejectedError)) throw err;
      rejected.push({ file: f, error: err.message });
      io.err(`design ${f} rejected: ${err.message}`);
    }
  }
  const items: CatalogItem[] = [];
  for (const model of models) {
    for (const view of viewList.data as View[]) {
      let p;
      try {
        p = await ws.passKeys(model, view, { renderer: a.renderer, log: (l) => io.err(l) });
      } catch (err) {
        if (err instanceof UnknownModelError) throw new InputError(err.message);
        throw err;
      }
      const area = p.info.printAreas.find((a) => a.name === (view === "back" ? "back" : "front")) ?? p.info.printAreas[0];
      if (!area) {
        io.err(`model ${model} has no print areas`);
        continue;
      }
      for (const design of designs) {
        for (const color of colors) {
          items.push({ model, view, passKeys: p.keys, printAreas: p.info.printAreas, design, color, placement: { area: area.name }, size, format });
        }
      }
    }
  }
  let lastPct = -1;
  const summary = await runCatalog({
    items,
    assets: ws.assets,
    cache: ws.cache,
    threads,
    onProgress(done, total) {
      const pct = Math.floor((done / total) * 100);
      if (io.tty && pct !== lastPct) process.stdout.write(`\r${done}/${total} mockups`);
      else if (!io.tty && pct % 10 === 0 && pct !== lastPct) io.err(`progress ${done}/${total}`);
      lastPct = pct;
    },
  });
  if (io.tty) process.stdout.write("\n");
  const ext = format === "jpeg" ? "jpg" : format;
  const written: string[] = [];
  for (const r of summary.results) {
    if (r.status === "failed") {
      io.err(`failed: ${r.item.model}/${r.item.view}/${r.item.design?.name}/${r.item.color.name}: ${r.error}`);
      continue;
    }
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
    const dest = path.resolve(values.out, safe(r.item.model), r.item.view, `${safe(r.item.design?.name ?? "blank")}--${safe(r.item.color.name)}.${ext}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(await ws.assets.path(r.image!), dest);
    written.push(dest);
  }
  if (values.json) {
    io.out(JSON.stringify({ computed: summary.computed, cached: summary.cached, failed: summary.failed + rejected.length * colors.length * models.length * viewList.data.length, rejected, ms: Math.round(summary.ms), files: written }));
  } else {
    for (const f of written) io.out(f);
    io.out(`${written.length} mockups (${summary.computed} computed, ${summary.cached} cached, ${summary.failed} failed, ${rejected.length} design file(s) rejected) in ${(summary.ms / 1000).toFixed(1)} s`);
  }
  return written.length > 0 ? 0 : 1;
}
