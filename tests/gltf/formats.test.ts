/** Import of every supported format from real files on disk, and the FBX refusal. */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { NodeIO } from "@gltf-transform/core";
import { ALL_EXTENSIONS } from "@gltf-transform/extensions";
import { getBounds } from "@gltf-transform/functions";
import { importFile, importModel } from "../../app/gltf/import";
import { normalise } from "../../app/gltf/normalise";
import { optimiseDocument } from "../../app/gltf/optimise";
import { countTriangles } from "../../app/gltf/stats";
import { validateGlb } from "../../app/gltf/validate";
import { AssetError } from "../../app/gltf/errors";
import { getIO } from "../../app/gltf/io";
import { packGlb, SAMPLES_DIR } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "gltf-formats-"));
});

async function roundTrip(file: string, upAxisExpected: "y" | "z" = "y") {
  const { doc, upAxis, format } = await importFile(file);
  expect(upAxis).toBe(upAxisExpected);
  await normalise(doc, { upAxis });
  const r = await optimiseDocument(doc, readFileSync(file).byteLength);
  expect((await validateGlb(r.glb)).errors).toBe(0);
  return { r, format, doc };
}

describe("formats", () => {
  it("glTF with side files (.gltf + .bin + .png) imports and validates", async () => {
    const io = await getIO();
    const doc = await io.read(path.join(SAMPLES_DIR, "BoxTextured.glb"));
    doc.getRoot().listExtensionsUsed().find((e) => e.extensionName === "KHR_draco_mesh_compression")?.dispose();
    const sub = path.join(dir, "separate");
    mkdirSync(sub);
    await new NodeIO().registerExtensions(ALL_EXTENSIONS).write(path.join(sub, "box.gltf"), doc);
    const json = JSON.parse(readFileSync(path.join(sub, "box.gltf"), "utf8"));
    expect(json.buffers[0].uri).toMatch(/\.bin$/);
    expect(json.images[0].uri).toMatch(/\.png$/);
    const { r, format } = await roundTrip(path.join(sub, "box.gltf"));
    expect(format).toBe("gltf");
    expect(r.report.after.triangles).toBe(12);
    expect(r.report.after.textures).toHaveLength(1);
  });

  it("a GLB whose texture is a side file next to it imports through the confined loader", async () => {
    const sub = path.join(dir, "glb-side");
    mkdirSync(sub);
    const io = await getIO();
    const doc = await io.read(path.join(SAMPLES_DIR, "BoxTextured.glb"));
    const png = doc.getRoot().listTextures()[0].getImage()!;
    writeFileSync(path.join(sub, "logo.png"), png);
    // rewrite the GLB's JSON so image 0 points at logo.png instead of its bufferView
    const glb = readFileSync(path.join(SAMPLES_DIR, "BoxTextured.glb"));
    const jsonLen = glb.readUInt32LE(12);
    const json = JSON.parse(glb.subarray(20, 20 + jsonLen).toString());
    json.images[0] = { uri: "logo.png", mimeType: "image/png" };
    const binStart = 20 + jsonLen;
    const bin = glb.subarray(binStart + 8, binStart + 8 + glb.readUInt32LE(binStart));
    writeFileSync(path.join(sub, "box.glb"), packGlb(json, Buffer.from(bin)));
    const { doc: imported } = await importFile(path.join(sub, "box.glb"));
    expect(imported.getRoot().listTextures()[0].getImage()?.byteLength).toBe(png.byteLength);
    // the same bytes uploaded alone have no folder: refused as a missing side file
    await expect(importModel(new Uint8Array(readFileSync(path.join(sub, "box.glb"))), { fileName: "box.glb" })).rejects.toMatchObject({ code: "missing_resource" });
  });

  it("embedded glTF (data: URIs) imports without any side file", async () => {
    const io = await getIO();
    const doc = await io.read(path.join(SAMPLES_DIR, "mug_kenney.glb"));
    const { json, resources } = await io.writeJSON(doc);
    for (const b of json.buffers ?? []) {
      b.uri = `data:application/octet-stream;base64,${Buffer.from(resources[b.uri!]).toString("base64")}`;
    }
    const bytes = new Uint8Array(Buffer.from(JSON.stringify(json)));
    const { doc: imported, format } = await importModel(bytes, { fileName: "mug.gltf" });
    expect(format).toBe("gltf");
    expect(countTriangles(imported)).toBe(232);
  });

  it("OBJ with MTL and a texture imports with its material colour and texture", async () => {
    const sub = path.join(dir, "obj");
    mkdirSync(sub);
    // a unit cube with UVs, two materials; one textured
    const v = [[-1, -1, -1], [1, -1, -1], [1, 1, -1], [-1, 1, -1], [-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]];
    const faces = [[1, 2, 3, 4], [5, 8, 7, 6], [1, 5, 6, 2], [2, 6, 7, 3], [3, 7, 8, 4], [5, 1, 4, 8]];
    const lines = ["mtllib cube.mtl", ...v.map((p) => `v ${p.map((x) => x * 50).join(" ")}`), "vt 0 0", "vt 1 0", "vt 1 1", "vt 0 1"];
    faces.forEach((f, i) => {
      if (i === 0) lines.push("usemtl red");
      if (i === 3) lines.push("usemtl printed");
      lines.push(`f ${f.map((idx, k) => `${idx}/${k + 1}`).join(" ")}`);
    });
    writeFileSync(path.join(sub, "cube.obj"), lines.join("\n"));
    writeFileSync(path.join(sub, "cube.mtl"), "newmtl red\nKd 1 0 0\nNs 10\n\nnewmtl printed\nKd 1 1 1\nmap_Kd tex/print.png\n");
    mkdirSync(path.join(sub, "tex"));
    // not a solid colour (prune would fold a solid texture into the material factor)
    const px = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < px.length; i++) px[i] = (i * 37) % 256;
    await sharp(px, { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(path.join(sub, "tex", "print.png"));
    const { r, format, doc } = await roundTrip(path.join(sub, "cube.obj"));
    expect(format).toBe("obj");
    expect(r.report.after.triangles).toBe(12);
    const red = doc.getRoot().listMaterials().find((m) => m.getName() === "red")!;
    expect(red.getBaseColorFactor().slice(0, 3)).toEqual([1, 0, 0]);
    const printed = doc.getRoot().listMaterials().find((m) => m.getName() === "printed")!;
    expect(printed.getBaseColorTexture()).toBeTruthy();
    // 100 units across: read as centimetres and scaled to metres
    const b = getBounds(doc.getRoot().listScenes()[0]);
    expect(b.max[0] - b.min[0]).toBeCloseTo(1, 3);
  });

  it("OBJ whose MTL points outside its folder is refused", async () => {
    const sub = path.join(dir, "obj-evil");
    mkdirSync(sub);
    writeFileSync(path.join(sub, "a.obj"), "mtllib ../../../etc/passwd\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    await expect(importFile(path.join(sub, "a.obj"))).rejects.toMatchObject({ code: "unsafe_uri" });
  });

  it("binary STL (Z-up, millimetres) becomes Y-up metres", async () => {
    const tris = [
      [[0, 0, 0], [100, 0, 0], [0, 50, 0]],
      [[0, 0, 0], [0, 50, 0], [0, 0, 200]], // 200 mm tall along Z
    ];
    const buf = Buffer.alloc(84 + tris.length * 50);
    buf.writeUInt32LE(tris.length, 80);
    tris.forEach((t, i) => {
      const o = 84 + i * 50;
      t.forEach((p, k) => p.forEach((c, j) => buf.writeFloatLE(c, o + 12 + k * 12 + j * 4)));
    });
    writeFileSync(path.join(dir, "part.stl"), buf);
    const { doc } = await roundTrip(path.join(dir, "part.stl"), "z");
    const b = getBounds(doc.getRoot().listScenes()[0]);
    expect(b.max[1] - b.min[1]).toBeCloseTo(0.2, 4); // Z became Y, mm became m
    expect(b.min[1]).toBeCloseTo(0, 6);
  });

  it("ASCII STL imports", async () => {
    const text = "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid t\n";
    writeFileSync(path.join(dir, "t.stl"), text);
    const { r } = await roundTrip(path.join(dir, "t.stl"), "z");
    expect(r.report.after.triangles).toBe(1);
  });

  it("binary STL whose declared triangle count disagrees with its size is refused", async () => {
    const buf = Buffer.alloc(84 + 50);
    buf.writeUInt32LE(1_000_000, 80);
    await expect(importModel(new Uint8Array(buf), { fileName: "x.stl" })).rejects.toMatchObject({ code: "malformed" });
  });

  it("FBX (three's FBXLoader) imports meshes in their world pose, material colours and embedded textures", async () => {
    // tests/gltf/fixtures/two.fbx was made by tests/gltf/blender/export_fbx.py: a red sphere (r 0.5 m) and
    // a 0.3 m cube at x = 1 m with an embedded 8×8 PNG; FBX stores centimetres
    const { r, format, doc } = await roundTrip(path.resolve("tests/gltf/fixtures/two.fbx"));
    expect(format).toBe("fbx");
    expect(r.report.after.triangles).toBe(236);
    const mats = doc.getRoot().listMaterials();
    const red = mats.find((m) => m.getName() === "red_paint")!.getBaseColorFactor();
    expect(red[0]).toBeGreaterThan(red[1] * 4);
    expect(mats.find((m) => m.getName() === "printed")!.getBaseColorTexture()).toBeTruthy();
    expect(r.report.after.textures).toHaveLength(1);
    const b = getBounds(doc.getRoot().listScenes()[0]);
    expect(b.max[0] - b.min[0]).toBeCloseTo(1.65, 2); // sphere left edge -0.5 to cube right edge 1.15
    expect(b.max[1] - b.min[1]).toBeCloseTo(1, 2);
  });

  it("a broken FBX is refused with a clear error", async () => {
    const fbx = Buffer.concat([Buffer.from("Kaydara FBX Binary  \0"), Buffer.alloc(100, 0xff)]);
    const err = await importModel(new Uint8Array(fbx), { fileName: "chair.fbx" }).catch((e) => e);
    expect(err).toBeInstanceOf(AssetError);
    expect(err.message).toMatch(/FBX could not be read/);
  });

  it("Draco (KHR_draco_mesh_compression) input is decoded, meshopt output re-imports", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(SAMPLES_DIR, "mug_polygoogle.glb")));
    const { doc } = await importModel(bytes, { fileName: "m.glb" });
    expect(countTriangles(doc)).toBe(3514);
    await normalise(doc);
    const r = await optimiseDocument(doc, bytes.byteLength);
    const again = await importModel(r.glb, { fileName: "again.glb" });
    expect(countTriangles(again.doc)).toBe(3514);
  });
});
