/**
 * Capability asset.variants: one GLB carrying every colour of a product (KHR_materials_variants). Each
 * tint material is cloned per colour with the merchant's sRGB value converted to linear baseColorFactor;
 * variant names are the Shopify option values, in the order given.
 */
import type { Document, Material } from "@gltf-transform/core";
import { KHRMaterialsVariants, type MappingList } from "@gltf-transform/extensions";
import { prune } from "@gltf-transform/functions";
import { assetVariantsParamsSchema } from "../contracts/asset-variants";
import type { Color } from "../contracts/colour";
import { hexToLinearFactor } from "./color";
import { AssetError } from "./errors";
import { applyFabric, cmPerUv, type FabricKind } from "./fabric";
import { readModelInfo } from "./model-info";

export interface VariantsOptions {
  colors: Color[];
  /** materials that take the colour. Default: ModelInfo.tintMaterials from the model, else every material. */
  tintMaterials?: string[];
  /** fabric maps for garments: "auto" (jersey for tshirt, fleece for hoodie, when missing), "none", or a kind. Default "auto". */
  fabric?: "auto" | "none" | FabricKind;
}

export interface VariantsResult {
  variants: string[];
  /** tint material names that were coloured */
  tinted: string[];
  fabric?: FabricKind;
}

export async function addColorVariants(doc: Document, options: VariantsOptions): Promise<VariantsResult> {
  const { colors } = assetVariantsParamsSchema.parse({ colors: options.colors });
  const root = doc.getRoot();
  const info = readModelInfo(doc);
  const wanted = options.tintMaterials ?? info?.tintMaterials;
  const all = root.listMaterials();
  // a material is a tint if it is named in ModelInfo, or is an earlier run's clone of one (extras.tintOf)
  const tintName = (m: Material) => ((m.getExtras() as { tintOf?: string }).tintOf ?? m.getName());
  const used = new Set(root.listMeshes().flatMap((mesh) => mesh.listPrimitives().map((p) => p.getMaterial())));
  const tints = (wanted?.length ? all.filter((m) => wanted.includes(tintName(m))) : all).filter((m) => used.has(m));
  if (!tints.length) throw new AssetError("invalid_gltf", `no material to colour (looked for ${JSON.stringify(wanted ?? [])})`);

  const fabric = chooseFabric(options.fabric ?? "auto", info?.productType);
  if (fabric) await applyFabric(doc, tints.filter((m) => !m.getNormalTexture()), fabric, { cmPerUv: cmPerUv(info?.printAreas ?? []) });

  // Replace any earlier variants: a re-run must list exactly the requested colours.
  const ext = doc.createExtension(KHRMaterialsVariants);
  for (const v of ext.listVariants()) v.dispose();
  for (const mesh of root.listMeshes()) {
    for (const p of mesh.listPrimitives()) {
      const list = p.getExtension<MappingList>(KHRMaterialsVariants.EXTENSION_NAME);
      list?.listMappings().forEach((m) => m.dispose());
      list?.dispose();
    }
  }

  const variants = colors.map((c) => ext.createVariant(c.name));
  const clones = new Map<Material, Material[]>();
  for (const m of tints) {
    const base = tintName(m) || "material";
    clones.set(m, colors.map((c) => m.clone().setName(`${base} / ${c.name}`).setExtras({ ...m.getExtras(), tintOf: base }).setBaseColorFactor(withAlpha(hexToLinearFactor(c.hex), m.getAlpha()))));
  }
  for (const mesh of root.listMeshes()) {
    for (const prim of mesh.listPrimitives()) {
      const perColour = clones.get(prim.getMaterial() as Material);
      if (!perColour) continue;
      const list = ext.createMappingList();
      perColour.forEach((mat, i) => list.addMapping(ext.createMapping().setMaterial(mat).addVariant(variants[i])));
      prim.setExtension(KHRMaterialsVariants.EXTENSION_NAME, list);
      prim.setMaterial(perColour[0]); // the default look is the first colour
    }
  }
  // the original tint materials and earlier runs' clones, now referenced by nothing, go
  for (const m of root.listMaterials()) if (m.listParents().every((p) => p === root)) m.dispose();
  // only textures nothing refers to any more: keepSolidTextures skips decoding every texture to look for
  // single-colour ones (the optimiser already pruned those; the variants step decoded 3 knit maps per run)
  await doc.transform(prune({ keepExtras: true, propertyTypes: ["Texture"], keepSolidTextures: true }));
  return { variants: colors.map((c) => c.name), tinted: [...new Set(tints.map(tintName))], fabric };
}

function chooseFabric(choice: "auto" | "none" | FabricKind, productType: string | undefined): FabricKind | undefined {
  if (choice === "none") return undefined;
  if (choice !== "auto") return choice;
  if (productType === "tshirt") return "jersey";
  if (productType === "hoodie") return "fleece";
  return undefined;
}

function withAlpha(f: [number, number, number, number], alpha: number): [number, number, number, number] {
  return [f[0], f[1], f[2], alpha];
}
