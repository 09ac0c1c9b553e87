/**
 * Capability model.import: any supported model file → a glTF-Transform Document, after the hostile-input
 * checks (size, container, declared buffers, URIs, texture dimensions). Nothing is stored here.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Document } from "@gltf-transform/core";
import sharp, { type Metadata } from "sharp";
import { AssetError } from "./errors";
import { readFbx } from "./formats/fbx";
import { readGlb, readGltf } from "./formats/gltf";
import { readObj } from "./formats/obj";
import { readStl } from "./formats/stl";
import { DEFAULT_LIMITS, type AssetLimits } from "./limits";
import { folderResources, noResources, type ResourceLoader } from "./resources";
import { detectFormat, type ModelFormat } from "./sniff";

export interface ImportOptions {
  /** file name, used for format detection after the magic bytes. Default "". */
  fileName?: string;
  /** loader for side files (glTF buffers/textures, OBJ's MTL and textures). Default: none allowed. */
  resources?: ResourceLoader;
  /** limits on sizes; defaults in limits.ts */
  limits?: Partial<AssetLimits>;
}

export interface Imported {
  doc: Document;
  format: ModelFormat;
  /** Z-up formats (STL) need rotating to glTF's Y-up */
  upAxis: "y" | "z";
}

export async function importModel(bytes: Uint8Array, options: ImportOptions = {}): Promise<Imported> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const resources = options.resources ?? noResources;
  if (bytes.byteLength > limits.maxFileBytes) throw new AssetError("too_large", `model is ${bytes.byteLength} bytes (limit ${limits.maxFileBytes})`);
  if (bytes.byteLength === 0) throw new AssetError("malformed", "model file is empty");
  const format = detectFormat(bytes, options.fileName);
  const name = path.basename(options.fileName ?? "model", path.extname(options.fileName ?? "")) || "model";
  let doc: Document;
  switch (format) {
    case "glb":
      doc = await readGlb(bytes, limits, resources);
      break;
    case "gltf":
      doc = await readGltf(bytes, limits, resources);
      break;
    case "obj":
      doc = await readObj(bytes, resources, name);
      break;
    case "stl":
      doc = readStl(bytes, name);
      break;
    case "fbx":
      doc = await readFbx(bytes, resources, name);
      break;
  }
  await checkTextures(doc, limits);
  if (!doc.getRoot().listMeshes().some((m) => m.listPrimitives().length)) throw new AssetError("malformed", "the model has no meshes");
  return { doc, format, upAxis: format === "stl" ? "z" : "y" };
}

/** Reads a model file and its side files from its own folder. */
export async function importFile(file: string, options: Omit<ImportOptions, "fileName" | "resources"> = {}): Promise<Imported> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const st = await stat(file);
  if (!st.isFile()) throw new AssetError("malformed", `${file} is not a file`);
  if (st.size > limits.maxFileBytes) throw new AssetError("too_large", `model is ${st.size} bytes (limit ${limits.maxFileBytes})`);
  const bytes = new Uint8Array(await readFile(file));
  return importModel(bytes, { ...options, fileName: path.basename(file), resources: folderResources(path.dirname(file), limits.maxFileBytes) });
}

/**
 * Texture headers only (no pixel decode): a small file that declares a huge image (a decompression
 * bomb) is refused before anything decodes it.
 */
async function checkTextures(doc: Document, limits: AssetLimits): Promise<void> {
  for (const tex of doc.getRoot().listTextures()) {
    const image = tex.getImage();
    if (!image) continue;
    const mime = tex.getMimeType();
    if (mime === "image/ktx2") continue; // GPU format; sharp cannot read it and never decodes it here
    let meta: Metadata;
    try {
      meta = await sharp(image, { limitInputPixels: false }).metadata();
    } catch (err) {
      throw new AssetError("malformed", `texture "${tex.getName() || tex.getURI()}" is not a readable image: ${(err as Error).message}`);
    }
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (w > limits.maxTextureSide || h > limits.maxTextureSide || w * h > limits.maxTexturePixels) {
      throw new AssetError("image_too_large", `texture "${tex.getName() || tex.getURI() || "unnamed"}" is ${w}×${h} pixels (limit ${limits.maxTextureSide}×${limits.maxTextureSide})`);
    }
  }
}
