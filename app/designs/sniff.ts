/**
 * What a file is, from its bytes only (never its name), plus the structural checks that need no decoding:
 * declared dimensions, truncation and trailing data (an image with something glued after its end marker is a
 * polyglot: a browser or unzip tool may read the tail as HTML or an archive).
 */
import { DesignRejectedError } from "./errors";

export type DesignType = "png" | "jpeg" | "webp" | "svg";

export interface Sniffed {
  type: DesignType;
  /** declared size when the header gives it cheaply (PNG, WebP VP8X/VP8L/VP8, JPEG SOF) */
  width?: number;
  height?: number;
}

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniff(bytes: Buffer): Sniffed {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIG)) return checkPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return checkJpeg(bytes);
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return checkWebp(bytes);
  if (looksLikeSvg(bytes)) return { type: "svg" };
  throw new DesignRejectedError("unknown_type", `not a PNG, JPEG, WebP or SVG image (the file starts with ${describeStart(bytes)})`);
}

function describeStart(bytes: Buffer): string {
  const head = bytes.subarray(0, 16).toString("latin1");
  if (/^\s*<(!doctype html|html|head|body|script)/i.test(head)) return "HTML";
  if (head.startsWith("%PDF")) return "a PDF header";
  if (head.startsWith("PK")) return "a ZIP header";
  if (head.startsWith("GIF8")) return "a GIF header (GIF is not accepted)";
  if (head.startsWith("MZ")) return "a Windows executable header";
  return `bytes ${bytes.subarray(0, 8).toString("hex") || "(none)"}`;
}

function checkPng(b: Buffer): Sniffed {
  // chunk walk: IHDR first, IEND last, nothing after IEND
  let o = 8;
  let width = 0;
  let height = 0;
  let sawIend = false;
  let first = true;
  while (o + 8 <= b.length) {
    const len = b.readUInt32BE(o);
    const type = b.toString("latin1", o + 4, o + 8);
    if (len > 0x7fffffff || o + 12 + len > b.length) throw new DesignRejectedError("truncated", "PNG is truncated or corrupt (a chunk runs past the end of the file)");
    if (first) {
      if (type !== "IHDR" || len !== 13) throw new DesignRejectedError("corrupt", "PNG is corrupt (no IHDR header chunk)");
      width = b.readUInt32BE(o + 8);
      height = b.readUInt32BE(o + 12);
      first = false;
    }
    o += 12 + len;
    if (type === "IEND") {
      sawIend = true;
      break;
    }
  }
  if (!sawIend) throw new DesignRejectedError("truncated", "PNG is truncated (no IEND chunk)");
  if (o !== b.length) throw new DesignRejectedError("polyglot", `PNG carries ${b.length - o} bytes of other data after its end (polyglot file)`);
  return { type: "png", width, height };
}

function checkJpeg(b: Buffer): Sniffed {
  // walk marker segments up to the first SOS to read the frame size; then require EOI at the end
  let o = 2;
  let width: number | undefined;
  let height: number | undefined;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) throw new DesignRejectedError("corrupt", "JPEG is corrupt (bad marker)");
    const marker = b[o + 1];
    if (marker === 0xff) {
      o++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2;
      continue;
    }
    const len = b.readUInt16BE(o + 2);
    if (o + 2 + len > b.length) throw new DesignRejectedError("truncated", "JPEG is truncated (a header segment runs past the end of the file)");
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      height = b.readUInt16BE(o + 5);
      width = b.readUInt16BE(o + 7);
    }
    if (marker === 0xda) break; // entropy-coded data follows
    o += 2 + len;
  }
  // the file must end with EOI (allowing a few padding bytes some encoders add)
  let end = b.length;
  while (end > 2 && (b[end - 1] === 0x00 || b[end - 1] === 0x0a || b[end - 1] === 0x0d || b[end - 1] === 0x20) && b.length - end < 16) end--;
  if (!(b[end - 2] === 0xff && b[end - 1] === 0xd9)) {
    // EOI somewhere before the end means data was glued on; no EOI at all means truncation
    const lastEoi = b.lastIndexOf(Buffer.from([0xff, 0xd9]));
    if (lastEoi > 0 && lastEoi + 2 < b.length && b.length - (lastEoi + 2) > 16) {
      throw new DesignRejectedError("polyglot", `JPEG carries ${b.length - lastEoi - 2} bytes of other data after its end (polyglot file)`);
    }
    throw new DesignRejectedError("truncated", "JPEG is truncated (no end-of-image marker)");
  }
  return { type: "jpeg", width, height };
}

function checkWebp(b: Buffer): Sniffed {
  const riffSize = b.readUInt32LE(4) + 8;
  if (riffSize > b.length) throw new DesignRejectedError("truncated", "WebP is truncated (shorter than its RIFF header says)");
  if (riffSize + (riffSize & 1) < b.length) throw new DesignRejectedError("polyglot", `WebP carries ${b.length - riffSize} bytes of other data after its end (polyglot file)`);
  const chunk = b.toString("latin1", 12, 16);
  if (chunk === "VP8X" && b.length >= 30) return { type: "webp", width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === "VP8L" && b.length >= 25) {
    const bits = b.readUInt32LE(21);
    return { type: "webp", width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (chunk === "VP8 " && b.length >= 30) return { type: "webp", width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  return { type: "webp" };
}

function looksLikeSvg(b: Buffer): boolean {
  const head = b.subarray(0, 4096).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (!/^<(\?xml|svg[\s>]|!--|!doctype\s+svg)/i.test(head)) return false;
  if (/<html[\s>]/i.test(head)) return false;
  return /<svg[\s>]/i.test(b.toString("utf8"));
}
