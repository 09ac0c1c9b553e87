/**
 * The design document on the server: the contract and its geometry, text outlines, checks against the model and
 * the merchant's policy (each refusal with its code, in English and German), the atlas, mockups through the
 * compositor, and the design GLB (validated, decal layer with the atlas).
 */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { designDocumentSchema, layerDpi, layerInside, type DesignDocument, type ImageLayer } from "../../../app/contracts/design-document";
import { designGlb, findDecalMaterial } from "../../../app/designs/document/decal-glb.server";
import { DesignDocumentError } from "../../../app/designs/document/errors";
import { editorPolicySchema } from "../../../app/contracts/editor-policy";
import { narrowPolicy } from "../../../app/designs/document/policy";
import { cropArea, prepareDocument, renderAtlas, renderDesignMockup, type DocumentImage } from "../../../app/designs/document/render.server";
import { glyphSet as loadFont } from "../../../app/designs/text/glyphs.server";
import { FONTS } from "../../../app/designs/text/fonts";
import { textOutline, TextOutlineError } from "../../../app/designs/text/outline";
import { getIO } from "../../../app/gltf/io";
import { validateGlb } from "../../../app/gltf/validate";
import { loadModel } from "../../../app/library";
import { rasteriseGlb } from "../../../app/mockups/passes/rasterise";
import type { PrintArea } from "../../../app/models/types";
import { discPng, imageOf } from "./helpers";

let tee: Awaited<ReturnType<typeof loadModel>>;
let areas: PrintArea[];
const images = new Map<string, DocumentImage>();
let disc = "";
const policy = editorPolicySchema.parse({});

beforeAll(async () => {
  tee = await loadModel("tee");
  areas = tee.info.printAreas;
  const [key, img] = await imageOf(await discPng(600, 600));
  images.set(key, img);
  disc = key;
});

function imageLayer(over: Partial<ImageLayer> = {}): ImageLayer {
  return { id: "img1", kind: "image", image: disc, widthPx: 600, heightPx: 600, xCm: 15, yCm: 15, widthCm: 20, rotationDeg: 0, ...over };
}

function doc(): DesignDocument {
  return {
    version: 1,
    areas: [
      { area: "front", layers: [imageLayer()] },
      { area: "back", layers: [{ id: "txt1", kind: "text", text: "Grüße", font: "bebas-neue-400", color: "#111111", xCm: 15, yCm: 10, widthCm: 24, rotationDeg: 0 }] },
    ],
  };
}

describe("design document contract", () => {
  it("accepts a document and refuses duplicates, bad ids, control characters", () => {
    expect(designDocumentSchema.safeParse(doc()).success).toBe(true);
    const dupArea = { version: 1, areas: [doc().areas[0], doc().areas[0]] };
    expect(designDocumentSchema.safeParse(dupArea).success).toBe(false);
    const d = doc();
    (d.areas[1].layers[0] as { text: string }).text = "a\nb";
    expect(designDocumentSchema.safeParse(d).success).toBe(false);
    expect(designDocumentSchema.safeParse({ ...doc(), version: 2 }).success).toBe(false);
  });

  it("effective DPI moves through the meter's three states as the image grows", () => {
    // 600 px: 300 DPI at 5.08 cm, 150 DPI at 10.16 cm
    expect(layerDpi(imageLayer({ widthCm: 5 })).state).toBe("good");
    expect(layerDpi(imageLayer({ widthCm: 8 })).state).toBe("fair");
    expect(layerDpi(imageLayer({ widthCm: 12 }))).toEqual({ dpi: 127, state: "low" });
  });

  it("a rotated layer can leave the safe area that its unrotated box fits", () => {
    const r = { xCm: 0, yCm: 0, widthCm: 30, heightCm: 38 };
    expect(layerInside(imageLayer({ widthCm: 28 }), r)).toBe(true);
    expect(layerInside(imageLayer({ widthCm: 28, rotationDeg: 45 }), r)).toBe(false);
    expect(layerInside(imageLayer({ xCm: 29 }), r)).toBe(false);
  });
});

describe("text outlines", () => {
  it("every font draws German text; the box follows the text", () => {
    for (const f of FONTS) {
      const font = loadFont(f.id);
      const o = textOutline(font, "Grüße aus Köln");
      expect(o.d.length).toBeGreaterThan(200);
      expect(o.width).toBeGreaterThan(o.height);
      expect(textOutline(font, "Grüße aus Köln und Hamburg").width).toBeGreaterThan(o.width);
    }
  });

  it("refuses characters the font lacks, naming them", () => {
    expect(() => textOutline(loadFont("inter-700"), "Hi 漢")).toThrow(TextOutlineError);
  });
});

describe("prepareDocument", () => {
  const refuse = (d: unknown, over: Partial<typeof policy> = {}) => {
    try {
      prepareDocument(d, areas, { ...policy, ...over }, images);
    } catch (e) {
      expect(e).toBeInstanceOf(DesignDocumentError);
      return e as DesignDocumentError;
    }
    throw new Error("accepted");
  };

  it("draws the outlines itself and warns about quality", () => {
    const forged = doc();
    (forged.areas[1].layers[0] as { outline?: unknown }).outline = { d: "M0 0L100 0L100 100Z", width: 100, height: 100 };
    const { doc: d, warnings } = prepareDocument(forged, areas, policy, images);
    const t = d.areas[1].layers[0];
    expect(t.kind === "text" && t.outline?.d).not.toBe("M0 0L100 0L100 100Z");
    expect(t.kind === "text" && t.outline!.width / t.outline!.height).toBeGreaterThan(1.2);
    // 600 px over 20 cm = 76 DPI
    expect(warnings).toContainEqual({ layer: "img1", area: "front", kind: "low_dpi", dpi: 76 });
    const outside = doc();
    outside.areas[0].layers[0] = imageLayer({ widthCm: 4, xCm: 29 });
    expect(prepareDocument(outside, areas, policy, images).warnings.map((w) => w.kind)).toContain("outside_safe");
  });

  it("refuses what the model or the merchant does not allow, in English and German", () => {
    const bad = doc();
    bad.areas[0].area = "hood";
    const e = refuse(bad);
    expect(e.code).toBe("unknown_area");
    expect(e.localized("de-DE")).toBe("Dieses Produkt hat keinen Druckbereich „hood“.");
    expect(refuse(doc(), { areas: ["back"] }).code).toBe("unknown_area");
    expect(refuse(doc(), { uploads: false }).code).toBe("uploads_disabled");
    expect(refuse(doc(), { fonts: ["inter-700"] }).code).toBe("font_not_allowed");
    expect(refuse(doc(), { colors: ["#FFFFFF"] }).code).toBe("color_not_allowed");
    const many = doc();
    many.areas[0].layers = [1, 2, 3].map((i) => imageLayer({ id: `i${i}` }));
    expect(refuse(many, { maxLayers: 2 }).localized("en")).toBe("At most 2 layers per print area.");
    const unknown = doc();
    unknown.areas[0].layers[0] = imageLayer({ image: "0".repeat(64) });
    expect(refuse(unknown).code).toBe("unknown_image");
    const mismatch = doc();
    mismatch.areas[0].layers[0] = imageLayer({ widthPx: 6000 });
    expect(refuse(mismatch).code).toBe("image_mismatch");
    const glyph = doc();
    (glyph.areas[1].layers[0] as { text: string }).text = "Hi 漢";
    expect(refuse(glyph).code).toBe("missing_glyphs");
    expect(refuse({ version: 1, areas: "x" }).code).toBe("invalid");
  });

  it("a block narrows the shop's policy and never widens it", () => {
    const shop = editorPolicySchema.parse({ fonts: ["inter-700", "lora-400"], maxLayers: 4, uploads: false });
    const p = narrowPolicy(shop, { fonts: ["lora-400", "bebas-neue-400"], maxLayers: 9, uploads: true, areas: ["front"] });
    expect(p).toMatchObject({ fonts: ["lora-400"], maxLayers: 4, uploads: false, areas: ["front"] });
  });
});

describe("atlas, mockups and the design GLB", () => {
  let atlas: Buffer;
  beforeAll(async () => {
    atlas = await renderAtlas(prepareDocument(doc(), areas, policy, images).doc, areas, images, 1024);
  });

  it("the atlas carries the image in the front area and the text in the back area, nothing elsewhere", async () => {
    const { data, info } = await sharp(atlas).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1024, 1024, 4]);
    const px = (u: number, v: number) => {
      const i = (Math.floor(v * 1024) * 1024 + Math.floor(u * 1024)) * 4;
      return [...data.subarray(i, i + 4)];
    };
    const f = areas.find((a) => a.name === "front")!;
    // the disc's centre: 15 cm, 15 cm into the front area
    expect(px(f.uv.u0 + (15 / 30) * (f.uv.u1 - f.uv.u0), f.uv.v0 + (15 / 38) * (f.uv.v1 - f.uv.v0))).toEqual([230, 57, 70, 255]);
    let opaque = 0, outside = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
    for (let y = 0; y < 1024; y += 4) for (let x = 0; x < 1024; x += 4) {
      const u = x / 1024, v = y / 1024;
      const inAny = areas.some((a) => u >= a.uv.u0 - 0.002 && u <= a.uv.u1 + 0.002 && v >= a.uv.v0 - 0.002 && v <= a.uv.v1 + 0.002);
      if (!inAny && data[(y * 1024 + x) * 4 + 3] > 0) outside++;
    }
    expect(outside).toBe(0);
    expect(opaque).toBeGreaterThan(40_000);
    const back = await sharp(await cropArea(atlas, areas.find((a) => a.name === "back")!, 1024)).raw().toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (let i = 0; i < back.data.length; i += 4) if (back.data[i + 3] > 200 && back.data[i] < 40) dark++;
    expect(dark).toBeGreaterThan(2000); // the text's ink
  });

  it("mockups through the compositor show the front design in the front view and the text in the back view", async () => {
    const front = (await rasteriseGlb(tee.glb, { view: "front", size: 512, tintMaterials: tee.info.tintMaterials })).passes;
    const back = (await rasteriseGlb(tee.glb, { view: "back", size: 512, tintMaterials: tee.info.tintMaterials })).passes;
    const count = async (m: Buffer, pred: (r: number, g: number, b: number) => boolean) => {
      const { data } = await sharp(m).raw().toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let i = 0; i < data.length; i += 3) if (pred(data[i], data[i + 1], data[i + 2])) n++;
      return n;
    };
    const red = (r: number, g: number, b: number) => r > 120 && g < 70 && b < 80;
    const dark = (r: number, g: number, b: number) => r < 50 && g < 50 && b < 50;
    const mf = await renderDesignMockup({ atlasPng: atlas, atlasKey: "t1", passes: front, color: "#F5DEB3", format: "png" });
    const mb = await renderDesignMockup({ atlasPng: atlas, atlasKey: "t1", passes: back, color: "#F5DEB3", format: "png" });
    expect(await count(mf.bytes, red)).toBeGreaterThan(1500);
    expect(await count(mb.bytes, red)).toBeLessThan(50);
    expect(await count(mb.bytes, dark)).toBeGreaterThan(200);
  });

  it("the design GLB validates and carries the atlas on its decal layer", async () => {
    const glb = await designGlb(tee.glb, atlas, { printAreas: areas, printableMaterials: tee.info.tintMaterials });
    const report = await validateGlb(glb);
    expect(report.errors).toBe(0);
    const d = await (await getIO()).readBinary(glb);
    const m = findDecalMaterial(d)!;
    expect(m.getAlphaMode()).toBe("BLEND");
    const tex = m.getBaseColorTexture()!;
    const meta = await sharp(Buffer.from(tex.getImage()!)).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
    // decal triangles exist and sit over print areas only
    const decalPrims = d.getRoot().listMeshes().flatMap((me) => me.listPrimitives()).filter((p) => p.getMaterial() === m);
    const tris = decalPrims.reduce((n, p) => n + p.getAttribute("POSITION")!.getCount() / 3, 0);
    expect(tris).toBeGreaterThan(50);
    // twice: the layer is reused, not added again
    const again = await (await getIO()).readBinary(await designGlb(glb, atlas, { printAreas: areas, printableMaterials: tee.info.tintMaterials }));
    expect(again.getRoot().listMaterials().filter((x) => x.getName() === m.getName())).toHaveLength(1);
    expect(again.getRoot().listTextures()).toHaveLength(d.getRoot().listTextures().length);
  });
});
