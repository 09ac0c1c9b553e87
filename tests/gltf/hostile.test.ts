/**
 * Hostile inputs: each is refused with a clear error, nothing is stored in the asset store, and the
 * process stays up (checked in process and through the CLI in a child process).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { deflateSync } from "node:zlib";
import { Document } from "@gltf-transform/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { AssetError } from "../../app/gltf/errors";
import { importFile, importModel } from "../../app/gltf/import";
import { getIO } from "../../app/gltf/io";
import { importProvider } from "../../app/gltf/providers";
import type { ProviderContext } from "../../app/pipeline/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { packGlb, tinyGlb } from "./helpers";

const run = promisify(execFile);
let dir: string;
let t: TestDb;
let blobs: LocalDiskBlobStore;
let store: ShopAssetStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "gltf-hostile-"));
  t = await createTestDb();
  blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "hostile-blobs-")));
  store = new ShopAssetStore("hostile.myshopify.com", t.db, blobs);
});
afterAll(() => t.drop());

/** A 1-bit PNG that declares 20000 × 20000 pixels (400 MP, 50 MB of raw rows) in about 50 KB. */
function pngBomb(): Buffer {
  const w = 20000;
  const h = 20000;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(h * (1 + Math.ceil(w / 8))); // all-zero rows
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function glbWithImage(image: Uint8Array): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const tex = doc.createTexture("bomb").setImage(image).setMimeType("image/png");
  const mat = doc.createMaterial("m").setBaseColorTexture(tex);
  const pos = doc.createAccessor().setType("VEC3").setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
  const uv = doc.createAccessor().setType("VEC2").setArray(new Float32Array([0, 0, 1, 0, 0, 1])).setBuffer(buffer);
  const mesh = doc.createMesh("m").addPrimitive(doc.createPrimitive().setAttribute("POSITION", pos).setAttribute("TEXCOORD_0", uv).setMaterial(mat));
  doc.createScene().addChild(doc.createNode().setMesh(mesh));
  return (await getIO()).writeBinary(doc);
}

async function blobCount(): Promise<number> {
  let n = 0;
  for await (const _ of blobs.list()) n++;
  return n;
}

function ctx(): ProviderContext {
  return {
    shop: store.shop,
    jobId: "job",
    stepId: "step",
    stepName: "import",
    attempt: 1,
    signal: new AbortController().signal,
    assets: store,
    log: pino({ level: "silent" }),
    progress() {},
  };
}

const valid = tinyGlb();
const cases: [string, () => Promise<Uint8Array> | Uint8Array, string, RegExp][] = [
  ["truncated GLB", () => valid.subarray(0, valid.length - 10), "model.glb", /truncated/],
  ["wrong magic", () => Buffer.concat([Buffer.from("glTX"), valid.subarray(4)]), "model.glb", /wrong magic/],
  [
    "JSON chunk pointing outside the buffer",
    () => {
      const b = Buffer.from(valid);
      b.writeUInt32LE(b.readUInt32LE(12) + 4096, 12);
      return b;
    },
    "model.glb",
    /outside the file/,
  ],
  ["2 GB declared buffer", () => tinyGlb({ buffers: [{ byteLength: 2 ** 31 }] }), "model.glb", /declares 2147483648 bytes/],
  [
    "bufferView pointing past its buffer",
    () => tinyGlb({ bufferViews: [{ buffer: 0, byteOffset: 1_000_000, byteLength: 36 }] }),
    "model.glb",
    /points outside its buffer/,
  ],
  [
    "Draco-style accessor declaring a billion vertices",
    () => tinyGlb({ accessors: [{ componentType: 5126, count: 1_000_000_000, type: "VEC3" }] }),
    "model.glb",
    /declares 1000000000 elements/,
  ],
  ["texture that is a decompression bomb", () => glbWithImage(pngBomb()), "model.glb", /20000×20000 pixels/],
  ["path traversal in a GLB image URI", () => tinyGlb({ images: [{ uri: "../../../../etc/passwd" }] }), "model.glb", /refused/],
  ["percent-encoded path traversal", () => tinyGlb({ images: [{ uri: "%2e%2e/%2e%2e/etc/passwd" }] }), "model.glb", /refused/],
  ["absolute file URI", () => tinyGlb({ buffers: [{ byteLength: 36 }, { byteLength: 10, uri: "file:///etc/passwd" }] }, Buffer.from(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]).buffer)), "model.glb", /refused/],
  [
    "a ZIP renamed .glb",
    () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]),
    "model.glb",
    /ZIP archive/,
  ],
  ["JSON that is not JSON", () => packGlb(Buffer.from("{not json")), "model.glb", /not valid JSON/],
  ["empty file", () => new Uint8Array(0), "model.glb", /empty/],
];

describe("hostile inputs", () => {
  for (const [name, make, fileName, message] of cases) {
    it(`${name}: refused with a clear error, nothing stored`, async () => {
      const bytes = await make();
      const err = await importModel(bytes, { fileName }).catch((e) => e);
      expect(err).toBeInstanceOf(AssetError);
      expect(err.message).toMatch(message);

      // through the provider: the upload is stored first; the refusal adds nothing
      const source = await store.put(bytes, { kind: "upload", mediaType: "application/octet-stream" });
      const before = await blobCount();
      await expect(importProvider.run({ params: { source, fileName }, inputs: {} }, ctx())).rejects.toBeInstanceOf(AssetError);
      expect(await blobCount()).toBe(before);
    });
  }

  it("a .gltf whose buffer URI climbs out of its folder is refused", async () => {
    const sub = path.join(dir, "trav");
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(dir, "secret.bin"), Buffer.alloc(36));
    const json = JSON.parse(Buffer.from(tinyGlb()).subarray(20, 20 + Buffer.from(tinyGlb()).readUInt32LE(12)).toString());
    json.buffers = [{ byteLength: 36, uri: "../secret.bin" }];
    writeFileSync(path.join(sub, "m.gltf"), JSON.stringify(json));
    await expect(importFile(path.join(sub, "m.gltf"))).rejects.toMatchObject({ code: "unsafe_uri" });
  });

  it("a side file that is a symlink leaving the folder is refused", async () => {
    const sub = path.join(dir, "link");
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(dir, "outside.bin"), Buffer.alloc(36));
    symlinkSync(path.join(dir, "outside.bin"), path.join(sub, "data.bin"));
    const json = JSON.parse(Buffer.from(tinyGlb()).subarray(20, 20 + Buffer.from(tinyGlb()).readUInt32LE(12)).toString());
    json.buffers = [{ byteLength: 36, uri: "data.bin" }];
    writeFileSync(path.join(sub, "m.gltf"), JSON.stringify(json));
    await expect(importFile(path.join(sub, "m.gltf"))).rejects.toThrow(/outside the model's folder/);
  });

  it("the CLI exits 2 (a refused input file) with one error line for each hostile file, and 0 for a valid one", async () => {
    const files: [string, Uint8Array][] = [
      ["trunc.glb", valid.subarray(0, 30)],
      ["zip.glb", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)])],
      ["bomb.glb", await glbWithImage(pngBomb())],
    ];
    for (const [name, bytes] of files) {
      writeFileSync(path.join(dir, name), bytes);
      const res = await run(process.execPath, ["bin/mockup.js", "asset", "inspect", path.join(dir, name)]).then(
        () => ({ code: 0, stderr: "" }),
        (e) => ({ code: e.code as number, stderr: String(e.stderr) }),
      );
      expect(res.code, name).toBe(2);
      expect(res.stderr).toMatch(/^error: /);
      expect(res.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    }
    writeFileSync(path.join(dir, "ok.glb"), valid);
    const ok = await run(process.execPath, ["bin/mockup.js", "asset", "inspect", path.join(dir, "ok.glb")]);
    expect(JSON.parse(ok.stdout).triangles).toBe(1);
  });
});
