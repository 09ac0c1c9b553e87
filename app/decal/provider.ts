/**
 * `asset.decal` "local": the colour-variant GLB with the merchant's designs on its decal layer
 * (contracts/decal-layer.ts). Params: { designs: [{ key, placement }], atlasSize }. Output: assets.glb and the
 * variants' names (data.variants, as asset.variants reports them, so later steps read either step alike).
 * Without designs the layer is still added, with a transparent 1×1 texture: every published product has a layer
 * the shopper's editor can paint (decision 115). A model without print areas is published as asset.variants made it.
 */
import sharp from "sharp";
import { z } from "zod";
import { assetDecalParamsSchema } from "../contracts/asset-decal";
import { DEFAULTS } from "../contracts/decal-layer";
import { designGlb, EMPTY_DECAL_PNG } from "../designs/document/decal-glb.server";
import { renderAtlas } from "../designs/document/render.server";
import { AssetError } from "../gltf/errors";
import { countTriangles } from "../gltf/stats";
import { getIO } from "../gltf/io";
import { validateGlb } from "../gltf/validate";
import { requireModelInfo } from "../pipeline/inputs";
import type { Provider, StepOutput } from "../pipeline/types";
import { placementsToDocument } from "./atlas";


/**
 * The materials a print may sit on: the model's tint materials and their per-colour clones (asset.variants names
 * them "fabric / Black" with extras.tintOf = "fabric" and makes the first colour the primitive's default).
 */
async function printableMaterials(glb: Uint8Array, tint: string[]): Promise<string[]> {
  const doc = await (await getIO()).readBinary(glb);
  return doc
    .getRoot()
    .listMaterials()
    .filter((m) => tint.includes(m.getName()) || tint.includes(String((m.getExtras() as { tintOf?: unknown }).tintOf ?? "")))
    .map((m) => m.getName());
}

export const decalProvider: Provider = {
  name: "local",
  capability: "asset.decal",
  version: "1",
  params: assetDecalParamsSchema,
  async run(input, ctx) {
    const parsed = assetDecalParamsSchema.safeParse(input.params);
    if (!parsed.success) throw new AssetError("malformed", `invalid asset.decal params: ${z.prettifyError(parsed.error)}`);
    const p = parsed.data;
    const info = requireModelInfo(input);
    // the colour-variant GLB: the dependency that reports data.variants
    const variantsOut = Object.values(input.inputs).find((o) => "glb" in o.assets && Array.isArray(o.data?.variants));
    if (!variantsOut) throw new AssetError("missing_resource", "asset.decal needs the colour-variant GLB (asset.variants)");
    const images = new Map<string, { png: Buffer }>();
    const placed = [];
    for (const d of p.designs) {
      const png = images.get(d.key)?.png ?? (await ctx.assets.get(d.key));
      images.set(d.key, { png });
      const meta = await sharp(png).metadata();
      if (!meta.width || !meta.height) throw new AssetError("malformed", `design ${d.key.slice(0, 12)} is not an image`);
      placed.push({ key: d.key, placement: d.placement, widthPx: meta.width, heightPx: meta.height });
    }
    const variants = variantsOut.data.variants;
    if (!info.printAreas.length) return { assets: { glb: variantsOut.assets.glb }, data: { variants, decal: null } } as StepOutput;
    const doc = placementsToDocument(placed, info.printAreas);
    const empty = doc.areas.length === 0;
    // nothing placed: an empty layer (its texture one transparent pixel, not a transparent atlas of 1024²)
    const atlas = empty ? EMPTY_DECAL_PNG : await renderAtlas(doc, info.printAreas, images, p.atlasSize);
    const source = new Uint8Array(await ctx.assets.get(variantsOut.assets.glb));
    const glb = await designGlb(source, atlas, { printAreas: info.printAreas, printableMaterials: await printableMaterials(source, info.tintMaterials) });
    const report = await validateGlb(glb);
    if (report.errors) throw new AssetError("invalid_gltf", "the model with its decal layer does not pass the glTF validator", report.messages);
    const triangles = countTriangles(await (await getIO()).readBinary(glb));
    const key = await ctx.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary", triangles, meta: { variants, decal: true, tintMaterials: info.tintMaterials } });
    return { assets: { glb: key }, data: { variants, decal: { material: DEFAULTS.material, atlasSize: empty ? 1 : p.atlasSize, areas: doc.areas.map((a) => a.area) }, bytes: glb.byteLength } };
  },
};
