/** Shared helpers for asset-processor tests: sample files, the validator, reading GLB JSON. */
import { readdirSync } from "node:fs";
import type { Document } from "@gltf-transform/core";
import { getIO } from "../../app/gltf/io";
import { sharedPath } from "../helpers/shared-data";

export const SAMPLES_DIR = sharedPath("samples/models");
export const SAMPLES = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith(".glb")).sort();

export function glbJson(glb: Uint8Array): Record<string, any> {
  const b = Buffer.from(glb.buffer, glb.byteOffset, glb.byteLength);
  const len = b.readUInt32LE(12);
  return JSON.parse(b.subarray(20, 20 + len).toString("utf8"));
}

export async function readGlbDoc(glb: Uint8Array): Promise<Document> {
  return (await getIO()).readBinary(glb);
}

/** A minimal valid GLB: one triangle, optional extra JSON merged in. */
export function tinyGlb(extraJson: Record<string, unknown> = {}, bin?: Buffer): Buffer {
  const positions = Buffer.from(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]).buffer);
  const body = bin ?? positions;
  const json = {
    asset: { version: "2.0" },
    buffers: [{ byteLength: body.length }],
    bufferViews: [{ buffer: 0, byteOffset: 0, byteLength: 36 }],
    accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: "VEC3", min: [0, 0, 0], max: [1, 1, 0] }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
    nodes: [{ mesh: 0 }],
    scenes: [{ nodes: [0] }],
    scene: 0,
    ...extraJson,
  };
  return packGlb(json, body);
}

export function packGlb(json: unknown, bin?: Buffer): Buffer {
  let j = Buffer.isBuffer(json) ? json : Buffer.from(JSON.stringify(json));
  j = Buffer.concat([j, Buffer.alloc((4 - (j.length % 4)) % 4, 0x20)]);
  const chunks = [chunk(j, 0x4e4f534a)];
  if (bin) chunks.push(chunk(Buffer.concat([bin, Buffer.alloc((4 - (bin.length % 4)) % 4)]), 0x004e4942));
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + body.length, 8);
  return Buffer.concat([header, body]);
}

function chunk(data: Buffer, type: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(data.length, 0);
  h.writeUInt32LE(type, 4);
  return Buffer.concat([h, data]);
}
