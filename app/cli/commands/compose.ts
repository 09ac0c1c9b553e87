/**
 * `mockup compose`: one mockup from a library model, a view, a design file and a fabric colour, written to a
 * file. Passes come from Blender when it is installed (rendered once per model and view), else from the
 * built-in rasteriser (degraded); both are cached in the data directory. No database needed.
 */
import { readFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileErrorReason, parse } from "../args";
import { InputError, UsageError, type CliCommand, type CliIO } from "../types";
import { DesignRejectedError } from "../../designs/intake";
import { composeMockup } from "../../mockups/compose/mockup";
import { findArea } from "../../contracts/print-area";
import { placementSchema, type Placement } from "../../contracts/placement";
import { LocalWorkspace, UnknownModelError, type PassRenderer } from "../../mockups/local-workspace";
import { hexSchema } from "../../contracts/colour";
import { imageFormatSchema } from "../../contracts/image-format";
import { DEFAULTS as COMPOSE, mockupComposeParamsSchema } from "../../contracts/mockup-compose";
import { DEFAULTS as VIEW_DEFAULTS, viewSchema as views, type View } from "../../contracts/view";
import { DEFAULTS as DPI_DEFAULTS } from "../../contracts/dpi";


export const command: CliCommand = {
  name: "compose",
  summary: "compose one mockup (model × view × design × colour) in tens of milliseconds",
  usage:
    'mockup compose --model NAME --view front --design FILE --color "#2E8B57" --out FILE [--size 1024|2048] [--format jpeg|webp|png] [--area front] [--scale 0.8] [--width-cm N] [--offset-x F] [--offset-y F] [--rotate DEG] [--backdrop "#FFFFFF"|transparent] [--renderer auto|blender|raster]',
  async run(argv, io) {
    const { values } = parse(argv, {
      model: { type: "string" },
      view: { type: "string" },
      design: { type: "string" },
      color: { type: "string" },
      out: { type: "string" },
      size: { type: "string" },
      format: { type: "string" },
      area: { type: "string" },
      scale: { type: "string" },
      "width-cm": { type: "string" },
      "offset-x": { type: "string" },
      "offset-y": { type: "string" },
      rotate: { type: "string" },
      backdrop: { type: "string" },
      renderer: { type: "string" },
    });
    if (!values.model) throw new UsageError("--model is required (e.g. --model tee)");
    if (!values.out) throw new UsageError("--out is required (the mockup file to write)");
    const view = views.safeParse(values.view ?? VIEW_DEFAULTS.view);
    if (!view.success) throw new UsageError(`--view must be one of ${views.options.join(", ")}`);
    const color = values.color ?? "#FFFFFF";
    if (!hexSchema.safeParse(color).success) throw new UsageError(`--color must be #RRGGBB (got "${color.slice(0, 20)}")`);
    const sized = mockupComposeParamsSchema.shape.size.safeParse(values.size === undefined ? undefined : Number(values.size));
    if (!sized.success) throw new UsageError("--size must be 1024 or 2048");
    const size = sized.data;
    const formatted = imageFormatSchema.safeParse(values.format ?? (path.extname(values.out).slice(1).replace("jpg", "jpeg") || COMPOSE.format));
    if (!formatted.success) throw new UsageError("--format must be jpeg, webp or png");
    const format = formatted.data;
    const num = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!v.trim() || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
      return n;
    };
    const placementParse = placementSchema.safeParse({
      area: values.area ?? (view.data === "back" ? "back" : "front"),
      scale: num("scale", values.scale),
      widthCm: num("width-cm", values["width-cm"]),
      offsetX: num("offset-x", values["offset-x"]),
      offsetY: num("offset-y", values["offset-y"]),
      rotationDeg: num("rotate", values.rotate),
    });
    if (!placementParse.success) throw new UsageError(`bad placement: ${placementParse.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const placement = placementParse.data;

    const renderer = values.renderer ?? "auto";
    if (!["auto", "blender", "raster"].includes(renderer)) throw new UsageError("--renderer must be auto, blender or raster");
    const ws = new LocalWorkspace();
    try {
      return await composeIn(ws, values, { view: view.data as View, color, size, format, placement, renderer: renderer as PassRenderer }, io);
    } finally {
      await ws.close();
    }
  },
};

async function composeIn(
  ws: LocalWorkspace,
  values: { model?: string; design?: string; out?: string; backdrop?: string },
  a: { view: View; color: string; size: number; format: string; placement: Placement; renderer: PassRenderer },
  io: CliIO,
): Promise<number> {
  const { color, size, format, placement } = a;
  if (!values.model || !values.out) throw new UsageError("--model and --out are required");
  const t0 = performance.now();
  let passInfo;
  try {
    passInfo = await ws.passKeys(values.model, a.view, { renderer: a.renderer, log: (l) => io.err(l) });
  } catch (err) {
    if (err instanceof UnknownModelError) throw new InputError(err.message);
    throw err;
  }
  let design = null;
  if (values.design) {
    let bytes: Buffer;
    try {
      bytes = await readFile(values.design);
    } catch (err) {
      throw new UsageError(`cannot read --design ${values.design}: ${fileErrorReason(err) ?? (err as Error).message}`);
    }
    try {
      const area = findArea(passInfo.info.printAreas, placement.area);
      const d = await ws.design(bytes, { printArea: area, placement, filename: path.basename(values.design) });
      if (d.lowDpi) io.err(`warning: the design prints at ${d.print?.dpi} DPI in "${area.name}" (below ${DPI_DEFAULTS.minDpi} DPI: it will look soft)`);
      design = { key: d.key, bytes: d.png };
    } catch (err) {
      if (err instanceof DesignRejectedError) throw new InputError(`design rejected: ${err.message}`);
      if (err instanceof Error && /print area/.test(err.message)) throw new UsageError(err.message);
      throw err;
    }
  }
  const passes = await ws.passes(passInfo.keys, size);
  const t1 = performance.now();
  const m = await composeMockup({
    passes,
    printAreas: passInfo.info.printAreas,
    color,
    design,
    placement,
    format: format as "jpeg" | "webp" | "png",
    size,
    backdrop: values.backdrop,
  });
  const t2 = performance.now();
  await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
  await writeFile(values.out, m.bytes);
  io.out(
    `${path.resolve(values.out)}  ${m.width}×${m.height} ${format}  compose ${(t2 - t1).toFixed(0)} ms (set-up ${(t1 - t0).toFixed(0)} ms; passes: ${passInfo.renderer === "blender" ? "Blender" : "built-in rasteriser, degraded"})`,
  );
  return 0;
}
