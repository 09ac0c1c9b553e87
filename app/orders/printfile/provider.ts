/** `order.printfile` "local": the print-ready PNGs of one ordered line, with sharp (render.ts). */
import sharp from "sharp";
import { printFileAssetName, printFileParamsSchema, type PrintFileArea, type PrintFileEntry, type PrintFileLayer } from "../../contracts/printfile";
import type { JsonObject, Provider, ProviderContext, StepInput, StepOutput } from "../../pipeline/types";
import { canvasSize, resolvePlacement } from "./layout";
import { pixelsAt } from "../../contracts/print-units";
import { renderPrintFile, type RenderLayer } from "./render";

export const PRINTFILE_VERSION = "printfile-1";

export class PrintFileInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrintFileInputError";
  }
}

export function localPrintFileProvider(): Provider {
  return {
    name: "local",
    capability: "order.printfile",
    version: PRINTFILE_VERSION,
    params: printFileParamsSchema,
    // a large canvas on a loaded 2-core machine takes seconds, several areas a line more
    timeoutMs: 120_000,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = printFileParamsSchema.parse(input.params);
      const assets: Record<string, string> = {};
      const files: PrintFileEntry[] = [];
      for (const [i, { area, layers }] of params.areas.entries()) {
        if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
        const render: RenderLayer[] = [];
        for (const layer of layers) {
          if (layer.kind === "text") {
            render.push(textLayer(layer, area, params.dpi));
            continue;
          }
          // info() reads this shop's asset row: another shop's key is "missing" here, never read
          const info = await ctx.assets.info(layer.assetKey);
          if (!info) throw new PrintFileInputError(`design asset ${layer.assetKey.slice(0, 12)}… is not stored for this shop`);
          const file = await ctx.assets.path(layer.assetKey);
          const size = info.width && info.height ? { width: info.width, height: info.height } : await sharp(file).metadata();
          if (!size.width || !size.height) throw new PrintFileInputError(`design asset ${layer.assetKey.slice(0, 12)}… has no image size`);
          render.push({ input: file, width: size.width, height: size.height, placement: resolvePlacement(layer.placement, area, size.width, size.height) });
        }
        const out = await renderPrintFile(area, render, { dpi: params.dpi, minDpi: params.minDpi });
        const meta: JsonObject = {
          designId: params.designId,
          lineId: params.lineId,
          area: area.name,
          dpi: out.dpi,
          effectiveDpi: out.effectiveDpi,
          lowDpi: out.lowDpi,
          // made from these keys: customers/redact follows this to delete the print file with the design
          source: [...new Set([...(params.sourceKey ? [params.sourceKey] : []), ...layers.flatMap((l) => (l.kind === "image" ? [l.assetKey] : []))])].join(","),
        };
        const key = await ctx.assets.put(out.png, { kind: "printfile", mediaType: "image/png", width: out.width, height: out.height, meta });
        assets[printFileAssetName(area.name)] = key;
        files.push({ area: area.name, key, width: out.width, height: out.height, bytes: out.png.length, dpi: out.dpi, effectiveDpi: out.effectiveDpi, lowDpi: out.lowDpi });
        ctx.progress((i + 1) / params.areas.length);
      }
      let mockupKey: string | null = null;
      if (params.mockupKey && (await ctx.assets.has(params.mockupKey)) && (await ctx.assets.info(params.mockupKey))) {
        mockupKey = params.mockupKey;
        assets.mockup = mockupKey;
      }
      const data = { designId: params.designId, lineId: params.lineId, files, mockupKey, lowDpi: files.some((f) => f.lowDpi) };
      return { assets, data: data as unknown as JsonObject };
    },
  };
}

/**
 * A text layer as an SVG drawn at its printed pixel size (so the resize in render.ts is 1:1 and the edges are
 * the rasteriser's, not a resample's); its effective DPI is the canvas's.
 */
function textLayer(layer: Extract<PrintFileLayer, { kind: "text" }>, area: PrintFileArea, dpi: number): RenderLayer {
  const placement = resolvePlacement(layer.placement, area, layer.outlineWidth, layer.outlineHeight);
  const widthCm = placement.widthCm ?? placement.scale * area.widthCm;
  const width = Math.max(1, Math.round(pixelsAt(widthCm, dpi)));
  const height = Math.max(1, Math.round((width * layer.outlineHeight) / layer.outlineWidth));
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // bounded by the canvas: a text box larger than the print area is clipped anyway
  const limit = canvasSize(area, dpi);
  if (width > limit.width * 4 || height > limit.height * 4) throw new PrintFileInputError("text layer far larger than its print area");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${layer.outlineWidth} ${layer.outlineHeight}" preserveAspectRatio="none"><path d="${esc(layer.d)}" fill="${layer.color}"/></svg>`;
  return { input: Buffer.from(svg), width, height, placement };
}
