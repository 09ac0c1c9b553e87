/**
 * Cheap structural checks on untrusted bytes before any library parses them: container magic, GLB chunk
 * bounds, declared buffer sizes and resource URIs. A file that fails here never reaches a decoder.
 */
import path from "node:path";
import { AssetError } from "./errors";
import { DEFAULT_LIMITS, type AssetLimits } from "./limits";

export type ModelFormat = "glb" | "gltf" | "obj" | "stl" | "fbx";

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

/** Detects the format from the bytes first, the file name second; never trusts the extension alone. */
export function detectFormat(bytes: Uint8Array, fileName = ""): ModelFormat {
  const ext = path.extname(fileName).toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 32));
  if (head.length >= 4 && head.readUInt32LE(0) === GLB_MAGIC) return "glb";
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x05, 0x06]))) {
    throw new AssetError("unsupported_format", `${fileName || "input"} is a ZIP archive, not a 3D model; unpack it and upload the .glb or .gltf inside`);
  }
  if (head.toString("latin1").startsWith("Kaydara FBX Binary")) return "fbx";
  if (ext === ".glb") throw new AssetError("malformed", `${fileName} is not a GLB: wrong magic bytes (expected "glTF")`);
  const text = head.toString("latin1").trimStart();
  if (ext === ".gltf" || (text.startsWith("{") && ext !== ".obj" && ext !== ".stl")) return "gltf";
  if (ext === ".stl") return "stl";
  if (ext === ".obj") return "obj";
  if (ext === ".fbx") return "fbx";
  if (/^solid\s/.test(text)) return "stl";
  throw new AssetError("unsupported_format", `unsupported format${ext ? ` "${ext}"` : ""}: expected GLB, glTF, OBJ, STL or FBX`);
}

export interface GlbParts {
  json: GltfJson;
  jsonBytes: number;
  binBytes: number;
  /** the BIN chunk's bytes, when the GLB has one */
  bin?: Uint8Array;
}

/** The parts of the glTF JSON these checks read. */
export interface GltfJson {
  asset?: { version?: string };
  buffers?: { uri?: string; byteLength?: number }[];
  bufferViews?: { buffer?: number; byteOffset?: number; byteLength?: number }[];
  images?: { uri?: string; bufferView?: number; mimeType?: string }[];
  extensionsUsed?: string[];
  extensionsRequired?: string[];
  [key: string]: unknown;
}

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };
const COMPONENT_BYTES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };

/** Reads the GLB header and chunk table; refuses truncated files and chunks that point outside the file. */
export function parseGlbContainer(bytes: Uint8Array, limits: AssetLimits = DEFAULT_LIMITS): GlbParts {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 20) throw new AssetError("malformed", `GLB is truncated: ${buf.length} bytes is shorter than a GLB header`);
  if (buf.readUInt32LE(0) !== GLB_MAGIC) throw new AssetError("malformed", "not a GLB: wrong magic bytes");
  const version = buf.readUInt32LE(4);
  if (version !== 2) throw new AssetError("malformed", `GLB version ${version} is not supported (only glTF 2.0)`);
  const declared = buf.readUInt32LE(8);
  if (declared > buf.length) throw new AssetError("malformed", `GLB is truncated: header declares ${declared} bytes, file has ${buf.length}`);
  if (declared < 20) throw new AssetError("malformed", `GLB header declares an impossible length ${declared}`);
  let offset = 12;
  let json: GltfJson | undefined;
  let jsonBytes = 0;
  let binBytes = 0;
  let bin: Uint8Array | undefined;
  let index = 0;
  while (offset < declared) {
    if (offset + 8 > declared) throw new AssetError("malformed", `GLB chunk ${index} header runs past the end of the file`);
    const length = buf.readUInt32LE(offset);
    const type = buf.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (start + length > declared) {
      throw new AssetError("malformed", `GLB chunk ${index} points outside the file: ${length} bytes at offset ${start}, file length ${declared}`);
    }
    if (index === 0) {
      if (type !== CHUNK_JSON) throw new AssetError("malformed", "GLB's first chunk is not JSON");
      if (length > limits.maxJsonBytes) throw new AssetError("too_large", `GLB JSON chunk is ${length} bytes (limit ${limits.maxJsonBytes})`);
      try {
        json = JSON.parse(buf.subarray(start, start + length).toString("utf8")) as GltfJson;
      } catch (err) {
        throw new AssetError("malformed", `GLB JSON chunk is not valid JSON: ${(err as Error).message}`);
      }
      jsonBytes = length;
    } else if (index === 1 && type === CHUNK_BIN) {
      binBytes = length;
      bin = bytes.subarray(start, start + length);
    }
    offset = start + length;
    index++;
  }
  if (!json) throw new AssetError("malformed", "GLB has no JSON chunk");
  checkGltfJson(json, limits, { glbBinBytes: binBytes });
  return { json, jsonBytes, binBytes, bin };
}

/** Declared sizes and URIs in the glTF JSON, checked before anything allocates or opens files. */
export function checkGltfJson(json: GltfJson, limits: AssetLimits, opts: { glbBinBytes?: number } = {}): void {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new AssetError("malformed", "glTF JSON is not an object");
  if (!json.asset || typeof json.asset.version !== "string" || !json.asset.version.startsWith("2.")) {
    throw new AssetError("malformed", `not a glTF 2.0 asset (asset.version is ${JSON.stringify(json.asset?.version)})`);
  }
  const buffers = Array.isArray(json.buffers) ? json.buffers : [];
  buffers.forEach((b, i) => {
    const len = b?.byteLength;
    if (typeof len !== "number" || !Number.isFinite(len) || len < 0) throw new AssetError("malformed", `buffer ${i} has no valid byteLength`);
    if (len > limits.maxBufferBytes) {
      throw new AssetError("too_large", `buffer ${i} declares ${len} bytes, over the ${limits.maxBufferBytes}-byte limit`);
    }
    if (b.uri === undefined && opts.glbBinBytes !== undefined && i === 0 && len > opts.glbBinBytes) {
      throw new AssetError("malformed", `buffer 0 declares ${len} bytes but the GLB binary chunk holds ${opts.glbBinBytes}`);
    }
    if (b.uri !== undefined) checkUri(b.uri, `buffer ${i}`);
  });
  const views = Array.isArray(json.bufferViews) ? json.bufferViews : [];
  views.forEach((v, i) => {
    const buffer = buffers[v?.buffer ?? -1];
    if (!buffer) throw new AssetError("malformed", `bufferView ${i} refers to a missing buffer`);
    const end = (v.byteOffset ?? 0) + (v.byteLength ?? 0);
    if (!(end <= (buffer.byteLength ?? 0))) {
      throw new AssetError("malformed", `bufferView ${i} points outside its buffer (${end} > ${buffer.byteLength})`);
    }
  });
  // Accessors decoded from compressed data (Draco) or sparse zeros have no bufferView to bound them: a
  // declared count alone could make a decoder allocate gigabytes.
  const accessors = Array.isArray(json.accessors) ? (json.accessors as { count?: number; type?: string; componentType?: number }[]) : [];
  accessors.forEach((a, i) => {
    const size = (COMPONENTS[a?.type ?? ""] ?? 16) * (COMPONENT_BYTES[a?.componentType ?? 0] ?? 4);
    const count = a?.count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) throw new AssetError("malformed", `accessor ${i} has no valid count`);
    if (count * size > limits.maxBufferBytes) {
      throw new AssetError("too_large", `accessor ${i} declares ${count} elements (${count * size} bytes), over the ${limits.maxBufferBytes}-byte limit`);
    }
  });
  const images = Array.isArray(json.images) ? json.images : [];
  if (images.length > limits.maxImages) throw new AssetError("too_large", `${images.length} images, over the limit of ${limits.maxImages}`);
  images.forEach((img, i) => {
    if (img?.uri !== undefined) checkUri(img.uri, `image ${i}`);
  });
}

/**
 * A resource URI must be a data: URI or a plain relative path that stays inside the model's folder:
 * no scheme, no absolute path, no "..", no backslashes, no NUL.
 */
export function checkUri(uri: unknown, what: string): void {
  if (typeof uri !== "string") throw new AssetError("malformed", `${what} has a non-string uri`);
  if (uri.startsWith("data:")) return;
  let decoded: string;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    throw new AssetError("unsafe_uri", `${what} has a malformed uri`);
  }
  const bad =
    /^[a-z][a-z0-9+.-]*:/i.test(decoded) ||
    decoded.startsWith("/") ||
    decoded.includes("\\") ||
    decoded.includes("\0") ||
    decoded.split("/").some((part) => part === "..");
  if (bad) throw new AssetError("unsafe_uri", `${what} uri "${uri.slice(0, 80)}" is refused: only relative paths inside the model's folder are allowed`);
}
