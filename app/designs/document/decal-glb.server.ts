/**
 * The design GLB: the product GLB with the shopper's atlas on its decal layer, for Scene Viewer and WebXR (they
 * fetch a GLB by URL and cannot see the page's canvas). The decal layer is its own material over the print areas,
 * untouched by the colour variants' tint. A GLB published before it had one gets it here: the printable triangles
 * that touch a print area, copied and lifted a hair along their normals so they never z-fight the fabric.
 */
import type { Document, Material, Primitive } from "@gltf-transform/core";
import { getIO } from "../../gltf/io";
import { hexToRgb, srgbToLinear } from "../../contracts/colour";
import type { PrintArea } from "../../contracts/print-area";

export const DEFAULTS = {
  /** the decal layer's material name: the editor finds it by this name in model-viewer's scene graph */
  material: "mockup_decal",
  /** lift of the added decal triangles along their normals, as a share of the mesh's bounding-box diagonal */
  lift: 0.0015,
} as const;

export interface DesignGlbOptions {
  /** materials whose triangles may carry a print (the model's tint materials); empty: every textured material */
  printableMaterials?: string[];
  printAreas: readonly PrintArea[];
  /** fabric colour #RRGGBB for a GLB without colour variants (its printable materials are tinted to it) */
  color?: string;
}

/**
 * A 1×1 fully transparent PNG: the texture of an empty decal layer (a product published without designs, a
 * template before a design's texture replaces it). The layer draws nothing until a client paints it.
 */
export const EMPTY_DECAL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADUlEQVQImWNgYGBgAAAABQABh6FO1AAAAABJRU5ErkJggg==",
  "base64",
);

/** The decal material of a document, or undefined. */
export function findDecalMaterial(doc: Document): Material | undefined {
  return doc.getRoot().listMaterials().find((m) => m.getName() === DEFAULTS.material);
}

/** Adds the decal layer (material + lifted primitives over the print areas) when the document has none. */
export function ensureDecalLayer(doc: Document, o: DesignGlbOptions): Material {
  const existing = findDecalMaterial(doc);
  if (existing) return existing;
  const material = doc
    .createMaterial(DEFAULTS.material)
    .setAlphaMode("BLEND")
    .setBaseColorFactor([1, 1, 1, 1])
    .setRoughnessFactor(0.9)
    .setMetallicFactor(0);
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const prim of [...mesh.listPrimitives()]) {
      if (o.printableMaterials?.length ? !isPrintable(prim.getMaterial(), o.printableMaterials) : !prim.getAttribute("TEXCOORD_0")) continue;
      const decal = decalPrimitive(doc, prim, o.printAreas);
      if (decal) mesh.addPrimitive(decal.setMaterial(material));
    }
  }
  for (const acc of doc.getRoot().listAccessors()) if (!acc.getBuffer()) acc.setBuffer(buffer);
  return material;
}

/** A tint material, also after colour variants renamed it ("fabric / Black") or recorded it in extras.tintOf. */
function isPrintable(m: Material | null, names: string[]): boolean {
  if (!m) return false;
  const of = (m.getExtras() as { tintOf?: string }).tintOf ?? m.getName();
  return names.includes(m.getName()) || names.includes(of) || names.some((n) => m.getName().startsWith(`${n} / `));
}

/** The triangles of `prim` whose UVs touch a print area, as a new primitive lifted along the normals. */
function decalPrimitive(doc: Document, prim: Primitive, areas: readonly PrintArea[]): Primitive | null {
  const pos = prim.getAttribute("POSITION"), nrm = prim.getAttribute("NORMAL"), uv = prim.getAttribute("TEXCOORD_0");
  if (!pos || !nrm || !uv || prim.getMode() !== 4) return null;
  const idx = prim.getIndices();
  const count = idx ? idx.getCount() : pos.getCount();
  const at = (i: number) => (idx ? idx.getScalar(i) : i);
  const min = pos.getMin([]), max = pos.getMax([]);
  const lift = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) * DEFAULTS.lift;
  // a margin so every triangle that overlaps an area (even with all corners outside it) is on the layer
  const m = 0.04;
  const inArea = (u: number, v: number) => areas.some((a) => u >= a.uv.u0 - m && u <= a.uv.u1 + m && v >= a.uv.v0 - m && v <= a.uv.v1 + m);
  // indexed like the source: each source vertex is copied (and lifted) once, however many decal triangles share it
  const P: number[] = [], N: number[] = [], T: number[] = [], I: number[] = [];
  const copied = new Map<number, number>();
  const p = [0, 0, 0], n = [0, 0, 0], t = [0, 0];
  const copy = (k: number): number => {
    let j = copied.get(k);
    if (j !== undefined) return j;
    pos.getElement(k, p);
    nrm.getElement(k, n);
    uv.getElement(k, t);
    const l = Math.hypot(n[0], n[1], n[2]) || 1;
    P.push(p[0] + (n[0] / l) * lift, p[1] + (n[1] / l) * lift, p[2] + (n[2] / l) * lift);
    N.push(n[0] / l, n[1] / l, n[2] / l);
    T.push(t[0], t[1]);
    j = copied.size;
    copied.set(k, j);
    return j;
  };
  for (let i = 0; i + 2 < count; i += 3) {
    const tri = [at(i), at(i + 1), at(i + 2)];
    if (!tri.some((k) => (uv.getElement(k, t), inArea(t[0], t[1])))) continue;
    for (const k of tri) I.push(copy(k));
  }
  if (I.length === 0) return null;
  const acc = (type: "VEC3" | "VEC2", data: number[]) => doc.createAccessor().setType(type).setArray(new Float32Array(data));
  const indices = doc.createAccessor().setType("SCALAR").setArray(copied.size > 65535 ? new Uint32Array(I) : new Uint16Array(I));
  return doc.createPrimitive().setAttribute("POSITION", acc("VEC3", P)).setAttribute("NORMAL", acc("VEC3", N)).setAttribute("TEXCOORD_0", acc("VEC2", T)).setIndices(indices);
}

/** GLB bytes with `atlasPng` as the decal layer's texture (the layer is added first when missing). */
export async function designGlb(glb: Uint8Array, atlasPng: Buffer, o: DesignGlbOptions): Promise<Uint8Array> {
  const io = await getIO();
  const doc = await io.readBinary(glb);
  const material = ensureDecalLayer(doc, o);
  // a GLB with KHR_materials_variants lets the viewer pick the colour; one without shows the shopper's colour
  if (o.color && !doc.getRoot().listExtensionsUsed().some((e) => e.extensionName === "KHR_materials_variants")) {
    const [r, g, b] = hexToRgb(o.color).map((v) => srgbToLinear(v / 255));
    for (const m of doc.getRoot().listMaterials()) if (m !== material && isPrintable(m, o.printableMaterials ?? [])) m.setBaseColorFactor([r, g, b, m.getBaseColorFactor()[3]]);
  }
  const old = material.getBaseColorTexture();
  const tex = doc.createTexture("shopper_design").setImage(new Uint8Array(atlasPng)).setMimeType("image/png");
  material.setBaseColorTexture(tex);
  if (old && old.listParents().length <= 1) old.dispose();
  return io.writeBinary(doc);
}
