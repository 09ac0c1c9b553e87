/**
 * The built-in pass renderer (degraded stand-in for Blender's `render.passes`): reads a GLB, projects it with a
 * simple camera per view, z-buffers its triangles at 2× supersampling, and writes the docs/passes.md format:
 * per-pixel UV by perspective-correct barycentrics, Lambert + ambient shading from the normals, an antialiased
 * mask. No cloth, no soft shadows, no fabric texture: honest about being degraded.
 */
import type { Document } from "@gltf-transform/core";
import { getIO } from "../../gltf/io";
import type { View } from "../../contracts/view";
import { viewCamera, type Camera, type Vec3 } from "./cameras";
import { encodePasses, type EncodedPasses, type Passes } from "./format";

export const RASTER_VERSION = "raster-1";

export const RASTERISE_DEFAULTS = {
  /** output size in pixels (square) */
  size: 2048,
  /** supersampling factor per axis for the mask and shading */
  supersample: 2,
  /** ambient share of the light (the rest is a key light from upper left, in front) */
  ambient: 0.35,
} as const;

export interface RasteriseOptions {
  view: View;
  /** output size in pixels (square), default RASTERISE_DEFAULTS.size */
  size?: number;
  /** supersampling factor per axis for the mask and shading, default RASTERISE_DEFAULTS.supersample */
  supersample?: number;
  /** material names that are printable/tintable; empty or absent: every textured (UV-mapped) surface */
  tintMaterials?: string[];
  /** ambient share of the light, default RASTERISE_DEFAULTS.ambient (the rest is a key light from upper left, in front) */
  ambient?: number;
}

/** Flattened world-space triangles. */
interface Mesh {
  pos: Float32Array; // 9 per triangle
  nrm: Float32Array; // 9 per triangle (per-vertex normals)
  uv: Float32Array; // 6 per triangle
  printable: Uint8Array; // 1 per triangle
  count: number;
}

export async function readGlb(glb: Uint8Array): Promise<Document> {
  return (await getIO()).readBinary(glb);
}

function transformPoint(m: number[], x: number, y: number, z: number): Vec3 {
  return [m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]];
}

/** World-space triangles of the default scene (TRIANGLES primitives only). */
export function flattenMesh(doc: Document, tintMaterials: string[] = []): Mesh {
  const tint = new Set(tintMaterials);
  const pos: number[] = [];
  const nrm: number[] = [];
  const uv: number[] = [];
  const printable: number[] = [];
  const scene = doc.getRoot().getDefaultScene() ?? doc.getRoot().listScenes()[0];
  const nodes: ReturnType<Document["getRoot"]>["listNodes"] extends () => infer R ? R : never = [];
  scene?.traverse((n) => {
    nodes.push(n);
  });
  for (const node of nodes) {
    const mesh = node.getMesh();
    if (!mesh) continue;
    const m = node.getWorldMatrix() as unknown as number[];
    // normal matrix: inverse-transpose of the upper 3×3 (cofactors; scale is irrelevant after normalising)
    const a = m;
    const nm = [
      a[5] * a[10] - a[6] * a[9], a[6] * a[8] - a[4] * a[10], a[4] * a[9] - a[5] * a[8],
      a[2] * a[9] - a[1] * a[10], a[0] * a[10] - a[2] * a[8], a[1] * a[8] - a[0] * a[9],
      a[1] * a[6] - a[2] * a[5], a[2] * a[4] - a[0] * a[6], a[0] * a[5] - a[1] * a[4],
    ];
    for (const prim of mesh.listPrimitives()) {
      if (prim.getMode() !== 4) continue;
      const P = prim.getAttribute("POSITION");
      if (!P) continue;
      const N = prim.getAttribute("NORMAL");
      const T = prim.getAttribute("TEXCOORD_0");
      const idx = prim.getIndices();
      const vcount = P.getCount();
      const matName = prim.getMaterial()?.getName() ?? "";
      const isPrintable = T !== null && (tint.size === 0 || tint.has(matName)) ? 1 : 0;
      const wp: Vec3[] = new Array(vcount);
      const el: number[] = [0, 0, 0];
      for (let i = 0; i < vcount; i++) {
        P.getElement(i, el);
        wp[i] = transformPoint(m, el[0], el[1], el[2]);
      }
      const tris = idx ? idx.getCount() / 3 : vcount / 3;
      const vi = (t: number, k: number) => (idx ? idx.getScalar(t * 3 + k) : t * 3 + k);
      // vertex normals: from the file, else smooth normals accumulated from the faces
      const vn: Vec3[] = new Array(vcount);
      if (N) {
        for (let i = 0; i < vcount; i++) {
          N.getElement(i, el);
          vn[i] = [nm[0] * el[0] + nm[3] * el[1] + nm[6] * el[2], nm[1] * el[0] + nm[4] * el[1] + nm[7] * el[2], nm[2] * el[0] + nm[5] * el[1] + nm[8] * el[2]];
        }
      } else {
        for (let i = 0; i < vcount; i++) vn[i] = [0, 0, 0];
        for (let t = 0; t < tris; t++) {
          const i0 = vi(t, 0), i1 = vi(t, 1), i2 = vi(t, 2);
          const p0 = wp[i0], p1 = wp[i1], p2 = wp[i2];
          const e1 = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
          const e2 = [p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]];
          const fn = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
          for (const k of [i0, i1, i2]) {
            vn[k][0] += fn[0];
            vn[k][1] += fn[1];
            vn[k][2] += fn[2];
          }
        }
      }
      for (let t = 0; t < tris; t++) {
        for (let k = 0; k < 3; k++) {
          const i = vi(t, k);
          pos.push(wp[i][0], wp[i][1], wp[i][2]);
          const n = vn[i];
          const l = Math.hypot(n[0], n[1], n[2]) || 1;
          nrm.push(n[0] / l, n[1] / l, n[2] / l);
          if (T) {
            T.getElement(i, el);
            uv.push(el[0], el[1]);
          } else uv.push(0, 0);
        }
        printable.push(isPrintable);
      }
    }
  }
  return {
    pos: Float32Array.from(pos),
    nrm: Float32Array.from(nrm),
    uv: Float32Array.from(uv),
    printable: Uint8Array.from(printable),
    count: printable.length,
  };
}

function boundingSphere(pos: Float32Array): { center: Vec3; radius: number } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pos.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      if (pos[i + k] < min[k]) min[k] = pos[i + k];
      if (pos[i + k] > max[k]) max[k] = pos[i + k];
    }
  }
  const center: Vec3 = [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2];
  let r2 = 0;
  for (let i = 0; i < pos.length; i += 3) {
    const d = (pos[i] - center[0]) ** 2 + (pos[i + 1] - center[1]) ** 2 + (pos[i + 2] - center[2]) ** 2;
    if (d > r2) r2 = d;
  }
  return { center, radius: Math.sqrt(r2) || 1 };
}

/** Rasterises a flattened mesh into passes (in memory). */
export function rasteriseMesh(mesh: Mesh, opts: RasteriseOptions): Passes {
  const size = opts.size ?? RASTERISE_DEFAULTS.size;
  const ss = Math.max(1, Math.round(opts.supersample ?? RASTERISE_DEFAULTS.supersample));
  const S = size * ss;
  const ambient = opts.ambient ?? RASTERISE_DEFAULTS.ambient;
  const { center, radius } = boundingSphere(mesh.pos);
  const cam: Camera = viewCamera(opts.view, center, radius);
  const T = mesh.count;

  // project vertices: screen x, y (pixels), w (perspective divisor or 1), depth key (bigger = closer)
  const sx = new Float32Array(T * 3), sy = new Float32Array(T * 3), sw = new Float32Array(T * 3), dk = new Float32Array(T * 3);
  const half = S / 2;
  for (let v = 0; v < T * 3; v++) {
    const dx = mesh.pos[v * 3] - cam.eye[0], dy = mesh.pos[v * 3 + 1] - cam.eye[1], dz = mesh.pos[v * 3 + 2] - cam.eye[2];
    const xc = dx * cam.right[0] + dy * cam.right[1] + dz * cam.right[2];
    const yc = dx * cam.up[0] + dy * cam.up[1] + dz * cam.up[2];
    const zc = dx * cam.forward[0] + dy * cam.forward[1] + dz * cam.forward[2]; // distance in front
    if (cam.perspective) {
      const w = Math.max(zc, 1e-6);
      sx[v] = half + (xc / (w * cam.tanHalfFov)) * half;
      sy[v] = half - (yc / (w * cam.tanHalfFov)) * half;
      sw[v] = w;
      dk[v] = 1 / w;
    } else {
      sx[v] = half + (xc / cam.halfHeight) * half;
      sy[v] = half - (yc / cam.halfHeight) * half;
      sw[v] = 1;
      dk[v] = -zc;
    }
  }

  // pass 1: z-buffer with triangle ids
  const depth = new Float32Array(S * S).fill(-Infinity);
  const triId = new Int32Array(S * S).fill(-1);
  for (let t = 0; t < T; t++) {
    const a = t * 3, b = a + 1, c = a + 2;
    const x0 = sx[a], y0 = sy[a], x1 = sx[b], y1 = sy[b], x2 = sx[c], y2 = sy[c];
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (area === 0 || !Number.isFinite(area)) continue; // both windings drawn: garments are thin shells
    const minX = Math.max(0, Math.floor(Math.min(x0, x1, x2))), maxX = Math.min(S - 1, Math.ceil(Math.max(x0, x1, x2)));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1, y2))), maxY = Math.min(S - 1, Math.ceil(Math.max(y0, y1, y2)));
    if (minX > maxX || minY > maxY) continue;
    const inv = 1 / area;
    const d0 = dk[a], d1 = dk[b], d2 = dk[c];
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5;
        const l0 = ((x1 - px) * (y2 - py) - (x2 - px) * (y1 - py)) * inv;
        const l1 = ((x2 - px) * (y0 - py) - (x0 - px) * (y2 - py)) * inv;
        const l2 = 1 - l0 - l1;
        if (l0 < 0 || l1 < 0 || l2 < 0) continue;
        const z = l0 * d0 + l1 * d1 + l2 * d2;
        const i = y * S + x;
        if (z > depth[i]) {
          depth[i] = z;
          triId[i] = t;
        }
      }
    }
  }

  // key light in world space: from upper left, in front of the camera
  const L = normalise(add3(scale3(cam.right, -0.45), add3(scale3(cam.up, 0.6), scale3(cam.forward, -0.66))));
  const n = size * size;
  const out: Passes = { width: size, height: size, u: new Uint16Array(n), v: new Uint16Array(n), cov: new Uint8Array(n), shade: new Uint16Array(n), mask: new Uint8Array(n) };
  const samples = ss * ss;
  // pass 2: resolve each output pixel from its ss × ss samples
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let hit = 0, shadeSum = 0, pickU = -1, pickV = 0;
      for (let sy2 = 0; sy2 < ss; sy2++) {
        for (let sx2 = 0; sx2 < ss; sx2++) {
          const x = ox * ss + sx2, y = oy * ss + sy2;
          const t = triId[y * S + x];
          if (t < 0) continue;
          hit++;
          const a = t * 3, b = a + 1, c = a + 2;
          const px = x + 0.5, py = y + 0.5;
          const x0 = sx[a], y0 = sy[a], x1 = sx[b], y1 = sy[b], x2 = sx[c], y2 = sy[c];
          const inv = 1 / ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0));
          let l0 = ((x1 - px) * (y2 - py) - (x2 - px) * (y1 - py)) * inv;
          let l1 = ((x2 - px) * (y0 - py) - (x0 - px) * (y2 - py)) * inv;
          let l2 = 1 - l0 - l1;
          // perspective-correct barycentrics
          l0 /= sw[a];
          l1 /= sw[b];
          l2 /= sw[c];
          const ls = l0 + l1 + l2;
          l0 /= ls;
          l1 /= ls;
          l2 /= ls;
          let nx = l0 * mesh.nrm[a * 3] + l1 * mesh.nrm[b * 3] + l2 * mesh.nrm[c * 3];
          let ny = l0 * mesh.nrm[a * 3 + 1] + l1 * mesh.nrm[b * 3 + 1] + l2 * mesh.nrm[c * 3 + 1];
          let nz = l0 * mesh.nrm[a * 3 + 2] + l1 * mesh.nrm[b * 3 + 2] + l2 * mesh.nrm[c * 3 + 2];
          const nl = Math.hypot(nx, ny, nz) || 1;
          nx /= nl;
          ny /= nl;
          nz /= nl;
          // two-sided: a normal facing away from the camera is flipped (inside of a sleeve, messy meshes)
          if (nx * cam.forward[0] + ny * cam.forward[1] + nz * cam.forward[2] > 0) {
            nx = -nx;
            ny = -ny;
            nz = -nz;
          }
          const ndl = Math.max(0, nx * L[0] + ny * L[1] + nz * L[2]);
          shadeSum += ambient + (1 - ambient) * ndl; // 1.0 = a white card facing the key light
          if (pickU < 0 && mesh.printable[t]) {
            const u = l0 * mesh.uv[a * 2] + l1 * mesh.uv[b * 2] + l2 * mesh.uv[c * 2];
            const v = l0 * mesh.uv[a * 2 + 1] + l1 * mesh.uv[b * 2 + 1] + l2 * mesh.uv[c * 2 + 1];
            pickU = Math.min(65535, Math.max(0, Math.round(u * 65535)));
            pickV = Math.min(65535, Math.max(0, Math.round(v * 65535)));
          }
        }
      }
      if (hit === 0) continue;
      const o = oy * size + ox;
      out.mask[o] = Math.round((hit / samples) * 255);
      out.shade[o] = Math.min(65535, Math.round((shadeSum / hit / 2) * 65535));
      if (pickU >= 0) {
        out.cov[o] = 1;
        out.u[o] = pickU;
        out.v[o] = pickV;
      }
    }
  }
  return out;
}

export interface RasterisedPasses {
  passes: Passes;
  encoded: EncodedPasses;
  triangles: number;
}

/** GLB bytes → passes for one view, encoded in the docs/passes.md format. */
export async function rasteriseGlb(glb: Uint8Array, opts: RasteriseOptions): Promise<RasterisedPasses> {
  const doc = await readGlb(glb);
  const mesh = flattenMesh(doc, opts.tintMaterials);
  if (mesh.count === 0) throw new Error("the model has no triangle meshes to render");
  const passes = rasteriseMesh(mesh, opts);
  return { passes, encoded: await encodePasses(passes), triangles: mesh.count };
}

function add3(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
function scale3(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
function normalise(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}
