/** Triangle, byte and texture figures for reports and the inspect command. */
import { Primitive, type Document } from "@gltf-transform/core";
import sharp from "sharp";

export interface TextureStat {
  name: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
}

export interface ModelStats {
  triangles: number;
  bytes: number;
  textures: TextureStat[];
}

/** Triangles summed over meshes (each mesh once, however often it is instanced). */
export function countTriangles(doc: Document): number {
  let tris = 0;
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const prim of mesh.listPrimitives()) {
      const n = prim.getIndices()?.getCount() ?? prim.getAttribute("POSITION")?.getCount() ?? 0;
      const mode = prim.getMode();
      if (mode === Primitive.Mode.TRIANGLES) tris += Math.floor(n / 3);
      else if (mode === Primitive.Mode.TRIANGLE_STRIP || mode === Primitive.Mode.TRIANGLE_FAN) tris += Math.max(0, n - 2);
    }
  }
  return tris;
}

export async function textureStats(doc: Document): Promise<TextureStat[]> {
  const out: TextureStat[] = [];
  for (const tex of doc.getRoot().listTextures()) {
    const image = tex.getImage();
    let width = 0;
    let height = 0;
    if (image && tex.getMimeType() !== "image/ktx2") {
      const meta = await sharp(image).metadata().catch(() => undefined);
      width = meta?.width ?? 0;
      height = meta?.height ?? 0;
    }
    out.push({ name: tex.getName() || tex.getURI(), mimeType: tex.getMimeType(), width, height, bytes: image?.byteLength ?? 0 });
  }
  return out;
}

export async function modelStats(doc: Document, bytes: number): Promise<ModelStats> {
  return { triangles: countTriangles(doc), bytes, textures: await textureStats(doc) };
}
