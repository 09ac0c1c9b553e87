/**
 * OBJ with its MTL and textures through three.js's OBJLoader and MTLLoader (parsers only: no DOM, no
 * texture loading by three). Side files come through the confined resource loader.
 */
import type { Document, Material, Texture } from "@gltf-transform/core";
import { OBJLoader } from "three/examples/jsm/loaders/OBJLoader.js";
import { MTLLoader } from "three/examples/jsm/loaders/MTLLoader.js";
import type { Mesh as ThreeMesh, Material as ThreeMaterial } from "three";
import { AssetError } from "../errors";
import type { ResourceLoader } from "../resources";
import { srgbToLinear } from "../../contracts/colour";
import { addGeometry, newDocument } from "./three-geometry";

interface MtlInfo {
  kd?: number[];
  map_kd?: string;
  d?: number;
  ns?: number;
  [key: string]: unknown;
}

export async function readObj(bytes: Uint8Array, resources: ResourceLoader, name = "model"): Promise<Document> {
  const text = Buffer.from(bytes).toString("utf8");
  if (text.includes("\0")) throw new AssetError("malformed", "OBJ is not a text file");
  let group;
  try {
    group = new OBJLoader().parse(text);
  } catch (err) {
    throw new AssetError("malformed", `OBJ could not be read: ${(err as Error).message}`);
  }
  const materials: Record<string, MtlInfo> = {};
  for (const lib of mtlLibs(text)) {
    const mtl = Buffer.from(await resources(lib)).toString("utf8");
    Object.assign(materials, new MTLLoader().parse(mtl, "").materialsInfo as Record<string, MtlInfo>);
  }
  const { doc, mesh } = newDocument(name);
  const made = new Map<string, Material>();
  const textures = new Map<string, Texture>();
  const materialNamed = async (matName: string): Promise<Material> => {
    const key = matName || "default";
    const existing = made.get(key);
    if (existing) return existing;
    const info = materials[matName] ?? {};
    const m = doc.createMaterial(key).setMetallicFactor(0).setRoughnessFactor(roughnessFromNs(info.ns));
    const kd = Array.isArray(info.kd) ? info.kd : [0.8, 0.8, 0.8];
    m.setBaseColorFactor([srgbToLinear(kd[0]), srgbToLinear(kd[1]), srgbToLinear(kd[2]), Number.isFinite(Number(info.d)) && info.d !== undefined ? Math.min(1, Math.max(0, Number(info.d))) : 1]);
    if (Number(info.d) < 1) m.setAlphaMode("BLEND");
    if (typeof info.map_kd === "string") {
      const uri = textureUri(info.map_kd);
      let tex = textures.get(uri);
      if (!tex) {
        const image = await resources(uri);
        tex = doc.createTexture(uri).setImage(image).setURI(uri).setMimeType(mimeOf(uri));
        textures.set(uri, tex);
      }
      m.setBaseColorTexture(tex).setBaseColorFactor([1, 1, 1, m.getAlpha()]);
    }
    made.set(key, m);
    return m;
  };
  const meshes: ThreeMesh[] = [];
  group.traverse((o) => {
    if ((o as ThreeMesh).isMesh) meshes.push(o as ThreeMesh);
  });
  for (const m of meshes) {
    const mats = (Array.isArray(m.material) ? m.material : [m.material]) as ThreeMaterial[];
    const resolved = await Promise.all(mats.map((mat) => materialNamed(mat?.name ?? "")));
    addGeometry(doc, mesh, m.geometry, (i) => resolved[i] ?? resolved[0]);
  }
  if (!mesh.listPrimitives().length) throw new AssetError("malformed", "OBJ has no faces");
  return doc;
}

function mtlLibs(text: string): string[] {
  const libs: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*mtllib\s+(.+?)\s*$/.exec(line);
    if (m) libs.push(m[1]);
  }
  return libs;
}

/** map_Kd may carry options ("-s 1 1 1 file.png"): the file is the last token. */
function textureUri(value: string): string {
  const parts = value.trim().split(/\s+/);
  return parts[parts.length - 1];
}

function mimeOf(uri: string): string {
  const ext = uri.toLowerCase().split(".").pop();
  if (ext === "png") return "image/png";
  if (ext === "webp") return "image/webp";
  return "image/jpeg";
}

/** Phong exponent to roughness (a common approximation): Ns 0..1000. */
function roughnessFromNs(value: unknown): number {
  const ns = Number(value);
  if (!(ns > 0) || !Number.isFinite(ns)) return 0.8;
  return Math.min(1, Math.max(0.05, Math.sqrt(2 / (ns + 2))));
}
