/**
 * Small helpers for building library models in code: parametric surfaces with their own UV rectangle,
 * collected per material and written into one glTF-Transform mesh.
 */
import { Document } from "@gltf-transform/core";

export type Vec3 = [number, number, number];
export interface UvRect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

/** UV space no print area uses: handles, rims, insides and brims map here so designs never land on them. */
export const DEAD_UV: UvRect = { u0: 0.965, v0: 0.965, u1: 0.995, v1: 0.995 };

export class PartBuilder {
  readonly positions: number[] = [];
  readonly normals: number[] = [];
  readonly uvs: number[] = [];
  readonly indices: number[] = [];

  constructor(readonly material: string) {}

  vertex(p: Vec3, n: Vec3, uv: [number, number]): number {
    const len = Math.hypot(n[0], n[1], n[2]) || 1;
    this.positions.push(p[0], p[1], p[2]);
    this.normals.push(n[0] / len, n[1] / len, n[2] / len);
    this.uvs.push(uv[0], uv[1]);
    return this.positions.length / 3 - 1;
  }

  tri(a: number, b: number, c: number): void {
    this.indices.push(a, b, c);
  }

  /**
   * A grid surface: point(s, t) for s, t in 0..1, normals from the surface's partial derivatives
   * (outward when s runs left→right and t top→bottom as seen from outside), UVs mapped into `uv`.
   */
  surface(ns: number, nt: number, point: (s: number, t: number) => Vec3, uv: UvRect, flip = false): void {
    const base = this.positions.length / 3;
    const e = 1e-4;
    for (let j = 0; j <= nt; j++) {
      for (let i = 0; i <= ns; i++) {
        const s = i / ns;
        const t = j / nt;
        const p = point(s, t);
        const ds = sub(point(Math.min(1, s + e), t), point(Math.max(0, s - e), t));
        const dt = sub(point(s, Math.min(1, t + e)), point(s, Math.max(0, t - e)));
        const n = cross(unit(dt), unit(ds));
        this.vertex(p, flip ? [-n[0], -n[1], -n[2]] : n, [uv.u0 + s * (uv.u1 - uv.u0), uv.v0 + t * (uv.v1 - uv.v0)]);
      }
    }
    const row = ns + 1;
    for (let j = 0; j < nt; j++) {
      for (let i = 0; i < ns; i++) {
        const a = base + j * row + i;
        const b = a + 1;
        const c = a + row;
        const d = c + 1;
        if (flip) {
          this.tri(a, b, c);
          this.tri(b, d, c);
        } else {
          this.tri(a, c, b);
          this.tri(b, c, d);
        }
      }
    }
  }

  /** Removes zero-area triangles (snapped grid corners can collapse). */
  dropDegenerate(): void {
    const kept: number[] = [];
    const P = this.positions;
    for (let i = 0; i < this.indices.length; i += 3) {
      const [a, b, c] = [this.indices[i], this.indices[i + 1], this.indices[i + 2]];
      const n = cross(sub(vec(P, b), vec(P, a)), sub(vec(P, c), vec(P, a)));
      if (Math.hypot(n[0], n[1], n[2]) > 1e-10) kept.push(a, b, c);
    }
    this.indices.length = 0;
    this.indices.push(...kept);
  }

  /** Area-weighted smooth normals from the triangles (replaces the per-vertex guesses). */
  computeNormals(): void {
    const N = new Float64Array(this.normals.length);
    const P = this.positions;
    for (let i = 0; i < this.indices.length; i += 3) {
      const [a, b, c] = [this.indices[i], this.indices[i + 1], this.indices[i + 2]];
      const n = cross(sub(vec(P, b), vec(P, a)), sub(vec(P, c), vec(P, a)));
      for (const v of [a, b, c]) for (let k = 0; k < 3; k++) N[v * 3 + k] += n[k];
    }
    for (let v = 0; v < N.length; v += 3) {
      const l = Math.hypot(N[v], N[v + 1], N[v + 2]);
      if (l > 0) for (let k = 0; k < 3; k++) this.normals[v + k] = N[v + k] / l;
    }
  }

  /** A convex polygon (counter-clockwise seen from where `normal` points) as a fan. */
  fan(outline: Vec3[], normal: Vec3, uvOf: (p: Vec3) => [number, number]): void {
    const c: Vec3 = [0, 0, 0];
    for (const p of outline) for (let k = 0; k < 3; k++) c[k] += p[k] / outline.length;
    const centre = this.vertex(c, normal, uvOf(c));
    const ring = outline.map((p) => this.vertex(p, normal, uvOf(p)));
    for (let i = 0; i < ring.length; i++) this.tri(centre, ring[i], ring[(i + 1) % ring.length]);
  }
}

function vec(p: number[], i: number): Vec3 {
  return [p[i * 3], p[i * 3 + 1], p[i * 3 + 2]];
}

function unit(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export interface MaterialSpec {
  name: string;
  /** linear RGBA */
  color: [number, number, number, number];
  roughness: number;
  metallic?: number;
}

/** One document, one node, one mesh with a primitive per part. */
export function buildDocument(name: string, parts: PartBuilder[], materials: MaterialSpec[]): Document {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const mats = new Map(
    materials.map((m) => [
      m.name,
      doc.createMaterial(m.name).setBaseColorFactor(m.color).setRoughnessFactor(m.roughness).setMetallicFactor(m.metallic ?? 0),
    ]),
  );
  const mesh = doc.createMesh(name);
  for (const part of parts) {
    if (!part.indices.length) continue;
    const material = mats.get(part.material);
    if (!material) throw new Error(`part uses unknown material ${part.material}`);
    const vertexCount = part.positions.length / 3;
    const prim = doc
      .createPrimitive()
      .setMaterial(material)
      .setAttribute("POSITION", doc.createAccessor().setType("VEC3").setArray(new Float32Array(part.positions)).setBuffer(buffer))
      .setAttribute("NORMAL", doc.createAccessor().setType("VEC3").setArray(new Float32Array(part.normals)).setBuffer(buffer))
      .setAttribute("TEXCOORD_0", doc.createAccessor().setType("VEC2").setArray(new Float32Array(part.uvs)).setBuffer(buffer))
      .setIndices(
        doc.createAccessor().setType("SCALAR").setArray(vertexCount > 65535 ? new Uint32Array(part.indices) : new Uint16Array(part.indices)).setBuffer(buffer),
      );
    mesh.addPrimitive(prim);
  }
  const node = doc.createNode(name).setMesh(mesh);
  doc.createScene(name).addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]);
  return doc;
}

/** Sub-rectangle of a UV island for a print area centred at (cx, cy) cm on a panel of w × h cm. */
export function printRect(island: UvRect, panelW: number, panelH: number, cx: number, cy: number, w: number, h: number): UvRect {
  const du = (island.u1 - island.u0) / panelW;
  const dv = (island.v1 - island.v0) / panelH;
  return {
    u0: island.u0 + (cx - w / 2) * du,
    v0: island.v0 + (cy - h / 2) * dv,
    u1: island.u0 + (cx + w / 2) * du,
    v1: island.v0 + (cy + h / 2) * dv,
  };
}
