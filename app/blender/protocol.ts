/**
 * The JSON-lines protocol with blender/worker.py (see its docstring). TypeScript sends data only; the
 * Python that runs is always the committed worker. Job params are validated here before they are sent.
 */
import { z } from "zod";
import { colorSchema, hexSchema as hex } from "../contracts/colour";
import { GARMENT_SIZES, GARMENTS, DEFAULTS as DRAPE_DEFAULTS } from "../contracts/garment-drape";
import { placementSchema } from "../contracts/placement";
import { DEFAULTS as HERO_DEFAULTS, heroSamplesSchema, heroSizeSchema } from "../contracts/render-hero";
import { DEFAULTS as PASS_DEFAULTS, renderPassesParamsSchema } from "../contracts/render-passes";
import { uvRectSchema as uvRect } from "../contracts/print-area";
import { viewSchema as view } from "../contracts/view";

export const readySchema = z.object({ event: z.literal("ready"), protocol: z.literal(1), pid: z.number(), kinds: z.array(z.string()) });

export const answerSchema = z.union([
  z.object({
    id: z.string(),
    ok: z.literal(true),
    kind: z.string(),
    result: z.record(z.string(), z.unknown()),
    ms: z.number(),
    /** the Blender process's CPU time over the job (user + system, all threads); older workers omit it */
    cpuMs: z.number().optional(),
    reset: z.boolean(),
  }),
  z.object({
    id: z.string().nullable(),
    ok: z.literal(false),
    error: z.object({ code: z.enum(["bad_request", "failed"]), message: z.string() }),
  }),
]);
export type Answer = z.infer<typeof answerSchema>;

const absPath = z.string().startsWith("/").max(4096).refine((s) => !s.includes("\0"), "no NUL in paths");

export const jobSchemas = {
  version: z.object({}),
  drape: z.object({
    garment: z.enum(GARMENTS),
    size: z.enum(GARMENT_SIZES).default(DRAPE_DEFAULTS.size),
    out: absPath,
    /** simulated frames at 24 fps (default DRAPE_DEFAULTS.frames, applied by blender/jobs/drape.py) */
    frames: z.number().int().min(2).max(400).optional(),
    /** cloth solver steps per frame (default 5) */
    quality: z.number().int().min(1).max(10).optional(),
  }),
  /** lay a draped garment GLB flat on a table (blender/garment/flatten.py): a flat-lay drape of the same UVs */
  flatlay: z.object({
    garment: z.enum(GARMENTS),
    model: absPath,
    /** the garment's UV scale, cm per UV unit (gltf/fabric.ts cmPerUv of its print areas) */
    cmPerUv: z.number().min(10).max(1000),
    out: absPath,
    /** simulated frames at 24 fps (default 100) */
    frames: z.number().int().min(2).max(400).optional(),
    quality: z.number().int().min(1).max(10).optional(),
  }),
  passes: z.object({
    model: absPath,
    view,
    size: renderPassesParamsSchema.shape.size.removeDefault().default(PASS_DEFAULTS.size),
    /** render-time Catmull-Clark levels (garments: 1, rounder silhouettes; hard-edged products: 0) */
    subdivide: z.number().int().min(0).max(2).optional(),
    /** samples of the shading/mask render (the UV render is always 1 sample) */
    samples: renderPassesParamsSchema.shape.samples,
    out: z.object({ uv: absPath, shading: absPath, mask: absPath }),
  }),
  hero: z.object({
    model: absPath,
    view,
    size: heroSizeSchema.default(HERO_DEFAULTS.size),
    samples: heroSamplesSchema.default(HERO_DEFAULTS.samples),
    transparent: z.boolean().default(HERO_DEFAULTS.transparent),
    backdrop: hex.optional(),
    /** render-time Catmull-Clark levels, as for passes */
    subdivide: z.number().int().min(0).max(2).optional(),
    /** trace only the model's screen region (default true; the image is the same, false exists to prove it) */
    crop: z.boolean().optional(),
    color: colorSchema,
    tintMaterials: z.array(z.string().max(200)).max(50).optional(),
    design: absPath.optional(),
    printArea: z.object({ uv: uvRect }).optional(),
    /** in fractions of the print area (the provider converts centimetres: placementFractions) */
    placement: placementSchema.pick({ scale: true, offsetX: true, offsetY: true, rotationDeg: true }).optional(),
    out: absPath,
  }),
} as const;

export type JobKind = keyof typeof jobSchemas;
export type JobParams<K extends JobKind> = z.input<(typeof jobSchemas)[K]>;
