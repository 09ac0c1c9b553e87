/**
 * FBX through three.js's FBXLoader (a parser: no DOM needed for geometry). Static meshes only: each
 * mesh is baked in its world pose (bones and animation are dropped). Textures are not loaded by three:
 * a handler records each texture's file name, which then comes through the confined resource loader
 * (embedded textures arrive as blob: URLs and are read back from Node's Blob registry). Units: FBX
 * centimetres become metres.
 * See docs/decisions/031-fbx-import.md.
 */
import { resolveObjectURL } from "node:buffer";
import type { Document, Material, Texture } from "@gltf-transform/core";
import { LoadingManager, Texture as ThreeTexture, type Material as ThreeMaterial, type Mesh as ThreeMesh } from "three";
import { FBXLoader } from "three/examples/jsm/loaders/FBXLoader.js";
import { srgbToLinear } from "../../contracts/colour";
import { AssetError } from "../errors";
import type { ResourceLoader } from "../resources";
import { addGeometry, newDocument } from "./three-geometry";

/** Stands in for TextureLoader: returns an empty texture that remembers its URL. */
const recordTexture = {
  load(url: string) {
    const t = new ThreeTexture();
    t.userData.uri = url;
    return t;
  },
  setPath() {
    return this;
  },
};

export async function readFbx(bytes: Uint8Array, resources: ResourceLoader, name = "model"): Promise<Document> {
  const manager = new LoadingManager();
  manager.addHandler(/\.[a-z0-9]+$/i, recordTexture as never);
  let group;
  // FBXLoader reaches for window.URL (embedded textures) and window.innerWidth (cameras); parse() is
  // synchronous, so a window stand-in exists only for its duration.
  const g = globalThis as { window?: unknown };
  const hadWindow = "window" in g;
  if (!hadWindow) g.window = { URL, innerWidth: 1, innerHeight: 1 };
  try {
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    group = new FBXLoader(manager).parse(ab, "");
  } catch (err) {
    throw new AssetError("malformed", `FBX could not be read: ${(err as Error).message}`);
  } finally {
    if (!hadWindow) delete g.window;
  }
  // FBX's working unit is the centimetre (FBXLoader keeps file units): bake cm → m here
  group.scale.multiplyScalar(0.01);
  group.updateMatrixWorld(true);
  const { doc, mesh } = newDocument(name);
  const made = new Map<ThreeMaterial, Material>();
  const textures = new Map<string, Texture>();

  const textureFor = async (tex: ThreeTexture | null | undefined): Promise<Texture | undefined> => {
    const url = tex?.userData?.uri as string | undefined;
    if (!url) return undefined;
    let t = textures.get(url);
    if (t) return t;
    let image: Uint8Array;
    if (url.startsWith("blob:")) {
      const blob = resolveObjectURL(url);
      URL.revokeObjectURL(url);
      if (!blob) return undefined;
      image = new Uint8Array(await blob.arrayBuffer());
    } else {
      image = await resources(url.replace(/^.*[\\/]/, "")); // FBX stores authoring paths: look beside the model
    }
    const mime = image[0] === 0x89 ? "image/png" : image[0] === 0xff ? "image/jpeg" : "image/webp";
    const label = tex?.name || (url.startsWith("blob:") ? "embedded" : url.replace(/^.*[\\/]/, ""));
    t = doc.createTexture(label).setImage(image).setMimeType(mime);
    textures.set(url, t);
    return t;
  };

  const materialFor = async (m: ThreeMaterial | undefined): Promise<Material> => {
    const key = m ?? (null as unknown as ThreeMaterial);
    const existing = made.get(key);
    if (existing) return existing;
    const src = m as (ThreeMaterial & { color?: { r: number; g: number; b: number }; map?: ThreeTexture; opacity: number }) | undefined;
    // three converts FBX colours to linear working space already
    const c = src?.color ?? { r: srgbToLinear(0.8), g: srgbToLinear(0.8), b: srgbToLinear(0.8) };
    const out = doc.createMaterial(src?.name || "default").setBaseColorFactor([c.r, c.g, c.b, src?.opacity ?? 1]).setMetallicFactor(0).setRoughnessFactor(0.7);
    const map = await textureFor(src?.map);
    if (map) out.setBaseColorTexture(map);
    made.set(key, out);
    return out;
  };

  const meshes: ThreeMesh[] = [];
  group.traverse((o) => {
    if ((o as ThreeMesh).isMesh) meshes.push(o as ThreeMesh);
  });
  for (const m of meshes) {
    const geometry = m.geometry.clone().applyMatrix4(m.matrixWorld);
    const mats = Array.isArray(m.material) ? m.material : [m.material];
    const resolved = await Promise.all(mats.map((x) => materialFor(x)));
    addGeometry(doc, mesh, geometry, (i) => resolved[i] ?? resolved[0]);
  }
  if (!mesh.listPrimitives().length) throw new AssetError("malformed", "FBX has no meshes");
  return doc;
}
