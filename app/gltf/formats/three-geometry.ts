/** Copies three.js BufferGeometry (from three's OBJ/STL loaders) into a glTF-Transform Document. */
import { Document, type Material, type Mesh } from "@gltf-transform/core";
import type { BufferGeometry } from "three";

export function newDocument(name: string): { doc: Document; mesh: Mesh } {
  const doc = new Document();
  doc.createBuffer();
  const mesh = doc.createMesh(name);
  doc.createScene(name).addChild(doc.createNode(name).setMesh(mesh));
  return { doc, mesh };
}

/** Adds one primitive per geometry group (or one for the whole geometry), with the material chosen by group. */
export function addGeometry(doc: Document, mesh: Mesh, geometry: BufferGeometry, materialFor: (groupIndex: number) => Material): void {
  const pos = geometry.getAttribute("position");
  if (!pos || pos.count === 0) return;
  const groups = geometry.groups.length ? geometry.groups : [{ start: 0, count: pos.count, materialIndex: 0 }];
  for (const group of groups) {
    const count = Math.min(group.count, pos.count - group.start);
    if (count < 3) continue;
    const prim = doc.createPrimitive().setMaterial(materialFor(group.materialIndex ?? 0));
    const attrs: [string, string, number, string][] = [
      ["position", "POSITION", 3, "VEC3"],
      ["normal", "NORMAL", 3, "VEC3"],
      ["uv", "TEXCOORD_0", 2, "VEC2"],
      ["color", "COLOR_0", 3, "VEC3"],
    ];
    for (const [threeName, semantic, size, type] of attrs) {
      const attr = geometry.getAttribute(threeName);
      if (!attr) continue;
      const out = new Float32Array(count * size);
      for (let i = 0; i < count; i++) {
        for (let c = 0; c < size; c++) out[i * size + c] = attr.getComponent(group.start + i, c);
      }
      if (semantic === "TEXCOORD_0") for (let i = 1; i < out.length; i += 2) out[i] = 1 - out[i]; // three's v is up, glTF's is down
      if (semantic === "NORMAL") normaliseNormals(out);
      const accessor = doc.createAccessor().setType(type as "VEC3").setArray(out).setBuffer(doc.getRoot().listBuffers()[0]);
      prim.setAttribute(semantic, accessor);
    }
    mesh.addPrimitive(prim);
  }
}

/** OBJ/STL normals can be zero or unnormalised; the validator requires unit length. */
function normaliseNormals(n: Float32Array): void {
  for (let i = 0; i < n.length; i += 3) {
    const len = Math.hypot(n[i], n[i + 1], n[i + 2]);
    if (len > 1e-8) {
      n[i] /= len;
      n[i + 1] /= len;
      n[i + 2] /= len;
    } else {
      n[i] = 0;
      n[i + 1] = 1;
      n[i + 2] = 0;
    }
  }
}
