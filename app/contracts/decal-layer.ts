/**
 * The decal layer: where a design sits on a product's 3D model. Every GLB the product pipeline publishes with a
 * design (and every design GLB the storefront makes) carries it, so the admin preview, the storefront viewer and
 * the shopper's editor paint onto the same thing:
 *
 * - a material named `DEFAULTS.material` ("mockup_decal"), alpha-blended, white base colour, its base-colour
 *   texture the design atlas: the model's whole UV square (u right, v down, glTF convention) at `atlasSize`²,
 *   transparent except where designs are, each print area at its UV rectangle (contracts/print-area.ts);
 * - primitives using that material, added to the garment's meshes: the printable triangles (those of the tint
 *   materials) whose UVs touch a print area, copied with the same UVs and lifted along their normals by
 *   `lift` × the mesh's bounding-box diagonal so they never z-fight the fabric;
 * - no KHR_materials_variants mapping on those primitives: a colour switch re-tints the fabric only, never the print.
 *
 * A client paints a new design by replacing the decal material's base-colour texture (model-viewer:
 * `scene.materials` → the material named "mockup_decal" → `pbrMetallicRoughness.baseColorTexture.setTexture`).
 */
import { z } from "zod";

export const DEFAULTS = {
  /** the decal material's name (found by name in the GLB and in model-viewer's scene graph) */
  material: "mockup_decal",
  /** atlas size in pixels for published product GLBs: 1024² keeps the GLB with every colour within 2 MB */
  atlasSize: 1024,
  /** lift of the decal triangles along their normals, as a share of the mesh's bounding-box diagonal */
  lift: 0.0015,
  /** the published GLB's budget, bytes, with every colour variant and the decal layer */
  maxGlbBytes: 2 * 1024 * 1024,
} as const;

export const atlasSizeSchema = z.union([z.literal(512), z.literal(1024), z.literal(2048)]);
