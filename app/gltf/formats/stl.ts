/** STL (binary or ASCII) through three.js's STLLoader: one grey material, usually Z-up millimetres. */
import { STLLoader } from "three/examples/jsm/loaders/STLLoader.js";
import type { Document } from "@gltf-transform/core";
import { AssetError } from "../errors";
import { addGeometry, newDocument } from "./three-geometry";

export function readStl(bytes: Uint8Array, name = "model"): Document {
  const buf = Buffer.from(bytes);
  // A binary STL declares its triangle count; refuse one whose declared size disagrees with the file
  // (three would otherwise fall back to parsing the binary as ASCII).
  if (!buf.subarray(0, 5).toString("latin1").startsWith("solid") && buf.length >= 84) {
    const tris = buf.readUInt32LE(80);
    if (84 + tris * 50 !== buf.length) throw new AssetError("malformed", `binary STL declares ${tris} triangles but has ${buf.length} bytes`);
  }
  let geometry;
  try {
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    geometry = new STLLoader().parse(ab);
  } catch (err) {
    throw new AssetError("malformed", `STL could not be read: ${(err as Error).message}`);
  }
  if (!geometry.getAttribute("position")?.count) throw new AssetError("malformed", "STL has no triangles");
  const { doc, mesh } = newDocument(name);
  const material = doc.createMaterial("surface").setBaseColorFactor([0.8, 0.8, 0.8, 1]).setMetallicFactor(0).setRoughnessFactor(0.6);
  addGeometry(doc, mesh, geometry, () => material);
  return doc;
}
