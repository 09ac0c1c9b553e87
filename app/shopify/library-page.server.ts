/**
 * The Library page: the built-in models with their triangle counts and print areas. The model library and
 * glTF-Transform are imported on first use (not when the web server loads the route).
 */

export interface LibraryModel {
  name: string;
  title: string;
  productType: string;
  licence: string;
  author: string;
  triangles: number | null;
  printAreas: string[];
}

const triangleCache = new Map<string, Promise<number | null>>();

/** Triangles of a built-in model as the pipeline loads it (counted once per process). */
function triangles(name: string): Promise<number | null> {
  let p = triangleCache.get(name);
  if (!p) {
    p = Promise.all([import("../library"), import("../gltf/stats"), import("../gltf/io")])
      .then(async ([{ loadModel }, { countTriangles }, { getIO }]) => countTriangles(await (await getIO()).readBinary((await loadModel(name)).glb)))
      .catch(() => null);
    triangleCache.set(name, p);
  }
  return p;
}

export async function libraryModels(): Promise<LibraryModel[]> {
  const { listModels } = await import("../library");
  const models = listModels();
  const counts = await Promise.all(models.map((m) => triangles(m.name)));
  return models.map((m, i) => ({
    name: m.name,
    title: m.title,
    productType: m.productType,
    licence: m.licence,
    author: m.author,
    triangles: counts[i],
    printAreas: m.printAreas.map((a) => a.name),
  }));
}
