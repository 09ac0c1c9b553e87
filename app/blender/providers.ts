/**
 * Capability providers backed by the Blender pool: garment.drape, render.passes ("blender") and
 * render.hero ("blender"). They fail fast when Blender is missing (isAvailable false, errors marked
 * nonRetryable) so the orchestrator falls through to the committed garments, the rasterised passes or
 * the compositor hero (degraded), which the integrator registers after these.
 */
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { garmentDrapeParamsSchema } from "../contracts/garment-drape";
import type { ModelInfo, StepModelInfo } from "../contracts/model-info";
import { placementFractions } from "../contracts/placement";
import type { UvRect } from "../contracts/print-area";
import { DEFAULTS as HERO_DEFAULTS, renderHeroParamsSchema } from "../contracts/render-hero";
import { renderPassesParamsSchema } from "../contracts/render-passes";
import { findModelInfo as modelInfo, requireAsset } from "../pipeline/inputs";
import type { JsonObject, Provider, ProviderContext, StepInput, StepOutput } from "../pipeline/types";
import { BlenderError } from "./errors";
import type { BlenderPool } from "./pool";
import { smoothShadowsInFiles } from "../mockups/passes/smooth-shadows";
import { jobDir, stageDesign, stageModel } from "./staging";

/** Bump when a provider's output changes for the same input (part of the step cache key). */
export const BLENDER_PROVIDER_VERSION = "blender-1";
/**
 * render.passes' own: "-2" smooths the shading pass's grain in shadow (app/mockups/passes/smooth-shadows.ts);
 * "-3" clamps indirect light at 0.3 instead of 1.5 (blender/scene/render.py)
 */
export const BLENDER_PASSES_VERSION = "blender-3";
/** render.hero's own: "-2" the indirect clamp of passes "-3", and a caught contact shadow on a backdrop */
export const BLENDER_HERO_VERSION = "blender-2";

const TITLES = { tee: ["Classic T-shirt", "tshirt"], hoodie: ["Pullover hoodie", "hoodie"] } as const;

/** The ModelInfo of a draped garment (also written as the committed sidecar JSON). */
export function garmentInfo(garment: "tee" | "hoodie", size: "S" | "M" | "L", printAreas: ModelInfo["printAreas"]): ModelInfo {
  const [title, productType] = TITLES[garment];
  return {
    name: garment,
    title: size === "M" ? title : `${title} (${size})`,
    productType,
    licence: "built-in",
    author: "Mockup Pipeline",
    printAreas,
    tintMaterials: ["fabric"],
  };
}

/** Cloth is smoothed at render time (one subdivision level); hard-edged products are rendered as they are. */
const SOFT_PRODUCTS = new Set(["tshirt", "hoodie", "tote", "cap"]);
function subdivisionFor(info: StepModelInfo | undefined): number {
  return typeof info?.productType === "string" && SOFT_PRODUCTS.has(info.productType) ? 1 : 0;
}

/**
 * A provider on the pool: fails fast (unavailable, not retried) without Blender, and gives Blender a deadline
 * 10 s inside the orchestrator's timeout so the pool kills and replaces the process before the step is abandoned.
 */
function blenderProvider<S extends z.ZodType>(
  pool: BlenderPool,
  capability: string,
  params: S,
  timeoutMs: number,
  run: (p: z.infer<S>, input: StepInput, ctx: ProviderContext, runOpts: { signal: AbortSignal; deadlineMs: number }) => Promise<StepOutput>,
  version: string = BLENDER_PROVIDER_VERSION,
): Provider {
  return {
    name: "blender",
    capability,
    version,
    timeoutMs,
    params,
    isAvailable: () => pool.available,
    async run(input, ctx) {
      if (!pool.available) throw new BlenderError("Blender is not installed: use the library's garments / the compositor", "unavailable");
      return run(params.parse(input.params), input, ctx, { signal: ctx.signal, deadlineMs: timeoutMs - 10_000 });
    },
  };
}

/** Cycles samples of a hero whose step names none: MOCKUP_HERO_SAMPLES, else the capability's default. */
const HERO_SAMPLES = Number(process.env.MOCKUP_HERO_SAMPLES) || HERO_DEFAULTS.samples;

async function withJobDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await jobDir(prefix);
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function blenderDrapeProvider(pool: BlenderPool): Provider {
  return blenderProvider(pool, "garment.drape", garmentDrapeParamsSchema, 240_000, async (p, _input, ctx, runOpts) => {
    return withJobDir("drape", async (dir) => {
      const out = path.join(dir, `${p.garment}.glb`);
      const { result } = await pool.run("drape", { garment: p.garment, size: p.size, out, frames: p.frames }, runOpts);
      const info = garmentInfo(p.garment, p.size, result.printAreas as ModelInfo["printAreas"]);
      const glb = await ctx.assets.putFile(out, {
        kind: "glb",
        mediaType: "model/gltf-binary",
        triangles: Number(result.triangles),
        meta: { garment: p.garment, size: p.size, drapeSeconds: result.seconds as number },
      });
      return {
        assets: { glb },
        data: { info: info as unknown as JsonObject, triangles: Number(result.triangles), seconds: Number(result.seconds), renderer: "blender" },
      };
    });
  });
}

export function blenderPassesProvider(pool: BlenderPool): Provider {
  return blenderProvider(pool, "render.passes", renderPassesParamsSchema, 600_000, async (p, input, ctx, runOpts) => {
    const modelKey = requireAsset(input, "glb");
    const model = await stageModel(ctx.assets, modelKey);
    return withJobDir("passes", async (dir) => {
      const out = { uv: path.join(dir, "uv.png"), shading: path.join(dir, "shading.png"), mask: path.join(dir, "mask.png") };
      const subdivide = subdivisionFor(modelInfo(input));
      await pool.run("passes", { model, view: p.view, size: p.size, samples: p.samples, subdivide, out }, runOpts);
      await smoothShadowsInFiles(out);
      const meta = { view: p.view, model: modelKey, renderer: "blender" };
      const put = (file: string, kind: string) => ctx.assets.putFile(file, { kind, mediaType: "image/png", width: p.size, height: p.size, meta });
      const assets = { uv: await put(out.uv, "pass.uv"), shading: await put(out.shading, "pass.shading"), mask: await put(out.mask, "pass.mask") };
      return { assets, data: { view: p.view, width: p.size, height: p.size, model: modelKey, renderer: "blender" } };
    });
  }, BLENDER_PASSES_VERSION);
}

export function blenderHeroProvider(pool: BlenderPool): Provider {
  return blenderProvider(pool, "render.hero", renderHeroParamsSchema, 600_000, async (p, input, ctx, runOpts) => {
    const samples = p.samples ?? HERO_SAMPLES;
    const model = await stageModel(ctx.assets, requireAsset(input, "glb"));
    const info = modelInfo(input);
    let design: string | undefined;
    let printArea: { uv: UvRect } | undefined;
    // Blender takes the placement in fractions of the area: centimetres are converted against the area
    let placement: Omit<ReturnType<typeof placementFractions>, "area"> = p.placement;
    if (p.designKey) {
      const area = info?.printAreas.find((a) => a.name === p.placement.area);
      if (!area) throw new BlenderError(`the model has no print area "${p.placement.area}"`, "bad_request");
      printArea = { uv: area.uv };
      placement = placementFractions(p.placement, area);
      design = await stageDesign(ctx.assets, p.designKey);
    }
    return withJobDir("hero", async (dir) => {
      const out = path.join(dir, "hero.png");
      await pool.run(
        "hero",
        {
          model,
          view: p.view,
          size: p.size,
          samples,
          transparent: p.transparent,
          backdrop: p.backdrop,
          subdivide: subdivisionFor(info),
          color: p.color,
          tintMaterials: info?.tintMaterials.length ? info.tintMaterials : undefined,
          design,
          printArea,
          placement: { scale: placement.scale, offsetX: placement.offsetX, offsetY: placement.offsetY, rotationDeg: placement.rotationDeg },
          out,
        },
        runOpts,
      );
      if ((await stat(out)).size === 0) throw new BlenderError("Blender wrote an empty image", "failed");
      let bytes: Buffer = await readFile(out);
      if (p.format !== "png") bytes = await sharp(bytes).flatten({ background: p.backdrop }).toFormat(p.format).toBuffer();
      const image = await ctx.assets.put(bytes, {
        kind: "render",
        mediaType: `image/${p.format}`,
        width: p.size,
        height: p.size,
        meta: { view: p.view, color: p.color.hex, renderer: "blender", samples, degraded: false },
      });
      return { assets: { image }, data: { width: p.size, height: p.size, view: p.view, renderer: "blender", samples } };
    });
  }, BLENDER_HERO_VERSION);
}

/** Every Blender-backed provider, for the integrator to register ahead of the fallbacks. */
export function blenderProviders(pool: BlenderPool): Provider[] {
  return [blenderDrapeProvider(pool), blenderPassesProvider(pool), blenderHeroProvider(pool)];
}
