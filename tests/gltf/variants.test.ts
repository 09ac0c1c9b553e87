/** Colour variants: exact names and order, exact colours (ΔE), fabric maps on garments, refusals. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { KHRMaterialsVariants } from "@gltf-transform/extensions";
import type { Material } from "@gltf-transform/core";
import { deltaE, hexToRgb, linearFactorToRgb8, srgbToLinear, linearToSrgb } from "../../app/gltf/color";
import { addColorVariants } from "../../app/gltf/variants";
import { importModel } from "../../app/gltf/import";
import { writeGlb } from "../../app/gltf/optimise";
import { validateGlb } from "../../app/gltf/validate";
import { readModelInfo } from "../../app/gltf/model-info";
import { loadModel } from "../../app/library/index";
import { glbJson, readGlbDoc } from "./helpers";

const COLORS = [
  { name: "Forest Green", hex: "#228B22" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
  { name: "Heather Grey", hex: "#9FA3A8" },
  { name: "Navy", hex: "#1F2A44" },
  { name: "Red", hex: "#C8102E" },
  { name: "White", hex: "#FFFFFF" },
  { name: "Sand 'n' Sky", hex: "#D8C8A8" },
];

/** variant name → material of the tint primitive, read back from the written GLB's JSON */
function variantColours(glb: Uint8Array): Map<string, number[]> {
  const json = glbJson(glb);
  const names: string[] = json.extensions.KHR_materials_variants.variants.map((v: { name: string }) => v.name);
  const out = new Map<string, number[]>();
  for (const mesh of json.meshes) {
    for (const prim of mesh.primitives) {
      for (const m of prim.extensions?.KHR_materials_variants?.mappings ?? []) {
        for (const v of m.variants) out.set(names[v], json.materials[m.material].pbrMetallicRoughness?.baseColorFactor ?? [1, 1, 1, 1]);
      }
    }
  }
  return out;
}

describe("colour maths", () => {
  it("sRGB → linear → sRGB is exact to the 8-bit value for every channel value", () => {
    for (let i = 0; i < 256; i++) expect(Math.round(linearToSrgb(srgbToLinear(i / 255)) * 255)).toBe(i);
  });
  it("ΔE is 0 for equal colours and large for black/white", () => {
    expect(deltaE([10, 20, 30], [10, 20, 30])).toBe(0);
    expect(deltaE([0, 0, 0], [255, 255, 255])).toBeGreaterThan(99);
  });
});

describe("asset.variants", () => {
  it("the tee carries exactly the requested variants, in order, with the requested colours", async () => {
    const { glb } = await loadModel("tee");
    const { doc } = await importModel(glb, { fileName: "tee.glb" });
    const result = await addColorVariants(doc, { colors: COLORS });
    expect(result.variants).toEqual(COLORS.map((c) => c.name));
    expect(result.tinted).toEqual(readModelInfo(doc)!.tintMaterials);
    const out = await writeGlb(doc);
    expect((await validateGlb(out)).errors).toBe(0);

    const json = glbJson(out);
    expect(json.extensions.KHR_materials_variants.variants.map((v: { name: string }) => v.name)).toEqual(COLORS.map((c) => c.name));
    const colours = variantColours(out);
    expect([...colours.keys()].sort()).toEqual(COLORS.map((c) => c.name).sort());
    for (const c of COLORS) {
      // analytic check: the stored linear factor, shown as sRGB, is the merchant's value (ΔE < 2, in fact exact)
      const shown = linearFactorToRgb8(colours.get(c.name)!);
      expect(deltaE(shown, hexToRgb(c.hex)), c.name).toBeLessThan(2);
      expect(shown).toEqual(hexToRgb(c.hex));
    }
    // the model's info (print areas) survives into the variant GLB
    expect(json.extras.mockup.printAreas.length).toBeGreaterThan(0);
  });

  it("garments get a tiled knit normal map and roughness map; colour stays in the factor only", async () => {
    const { glb, info } = await loadModel("tee");
    const { doc } = await importModel(glb, { fileName: "tee.glb" });
    await addColorVariants(doc, { colors: COLORS.slice(0, 2) });
    const out = await readGlbDoc(await writeGlb(doc));
    const tinted = out.getRoot().listMaterials().filter((m) => m.getName().includes(" / "));
    expect(tinted).toHaveLength(2 * info.tintMaterials.length);
    for (const m of tinted) {
      expect(m.getNormalTexture()).toBeTruthy();
      expect(m.getMetallicRoughnessTexture()).toBeTruthy();
      expect(m.getBaseColorTexture()).toBeNull();
      expect(m.getMetallicFactor()).toBe(0);
      const tt = m.getNormalTextureInfo()!.getExtension<any>("KHR_texture_transform");
      expect(tt.getScale()[0]).toBeGreaterThan(10); // a fine knit, tiled many times across the garment
    }
    // every primitive that used the tint material now maps every variant
    const ext = out.getRoot().listExtensionsUsed().find((e) => e.extensionName === KHRMaterialsVariants.EXTENSION_NAME) as KHRMaterialsVariants;
    expect(ext.listVariants().map((v) => v.getName())).toEqual(["Forest Green", "Beige"]);
  });

  it("the hoodie gets fleece, the tee jersey", async () => {
    for (const [name, kind] of [["tee", "jersey"], ["hoodie", "fleece"]] as const) {
      const { glb } = await loadModel(name);
      const doc = await readGlbDoc(glb);
      const names = doc.getRoot().listTextures().map((t) => t.getName());
      expect(names.some((n) => n.startsWith(kind)), `${name}: ${names.join(",")}`).toBe(true);
    }
  });

  it("re-running replaces earlier variants instead of adding to them", async () => {
    const { glb } = await loadModel("mug");
    const { doc } = await importModel(glb, { fileName: "mug.glb" });
    await addColorVariants(doc, { colors: COLORS.slice(0, 3) });
    const once = await writeGlb(doc);
    const again = (await importModel(once, { fileName: "once.glb" })).doc;
    await addColorVariants(again, { colors: [{ name: "Black", hex: "#000000" }] });
    const out = await writeGlb(again);
    expect(glbJson(out).extensions.KHR_materials_variants.variants).toEqual([{ name: "Black" }]);
    // earlier colours' materials are gone: one body material for the one colour, plus the inside
    expect(glbJson(out).materials.map((m: { name: string }) => m.name).sort()).toEqual(["mug_body / Black", "mug_inner"]);
    expect((await validateGlb(out)).errors).toBe(0);
  });

  it("only the tint materials change; others keep their colour", async () => {
    const { glb } = await loadModel("mug");
    const { doc } = await importModel(glb, { fileName: "mug.glb" });
    const inner = doc.getRoot().listMaterials().find((m) => m.getName() === "mug_inner")!.getBaseColorFactor();
    await addColorVariants(doc, { colors: COLORS.slice(0, 2) });
    const mats = doc.getRoot().listMaterials();
    expect(mats.find((m: Material) => m.getName() === "mug_inner")!.getBaseColorFactor()).toEqual(inner);
    expect(mats.filter((m) => m.getName().startsWith("mug_body / ")).map((m) => m.getName())).toEqual(["mug_body / Forest Green", "mug_body / Beige"]);
  });

  it("textures still in use are kept as they are, unused ones go (no texture is decoded to look for single colours)", async () => {
    const { glb } = await loadModel("mug");
    const { doc } = await importModel(glb, { fileName: "mug.glb" });
    // a single-colour texture on the inside: prune's solid-texture pass (it decodes every texture) would fold it into the factor
    const white = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#ffffff" } }).png().toBuffer());
    const used = doc.createTexture("inner-white").setImage(white).setMimeType("image/png");
    doc.getRoot().listMaterials().find((m) => m.getName() === "mug_inner")!.setBaseColorTexture(used);
    doc.createTexture("orphan").setImage(white).setMimeType("image/png");
    await addColorVariants(doc, { colors: COLORS.slice(0, 2) });
    const left = doc.getRoot().listTextures();
    expect(left.map((t) => t.getName())).toEqual(["inner-white"]);
    expect(left[0].getImage()).toBe(white);
    expect(doc.getRoot().listMaterials().find((m) => m.getName() === "mug_inner")!.getBaseColorTexture()).toBe(used);
  });

  it("refuses duplicate names, bad hex and empty lists", async () => {
    const { glb } = await loadModel("mug");
    const { doc } = await importModel(glb, { fileName: "mug.glb" });
    await expect(addColorVariants(doc, { colors: [{ name: "A", hex: "#000000" }, { name: "A", hex: "#FFFFFF" }] })).rejects.toThrow(/unique/);
    await expect(addColorVariants(doc, { colors: [{ name: "A", hex: "black" }] })).rejects.toThrow(/#RRGGBB/);
    await expect(addColorVariants(doc, { colors: [] })).rejects.toThrow();
  });
});
