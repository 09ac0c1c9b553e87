/**
 * Node module hooks for the benchmarks, which run the app's modules under tsx instead of Vite: Vite's
 * `import text from "./file?raw"` (app/storefront/editor-assets.server.ts) becomes a module whose default export
 * is the file's text, as Vite makes it. Registered by `bench/support/raw-import.ts`.
 */
import { readFile } from "node:fs/promises";

export async function resolve(specifier, context, next) {
  if (specifier.endsWith("?raw")) {
    const url = new URL(specifier, context.parentURL);
    return { url: url.href, shortCircuit: true, format: "module" };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith("file:") && url.endsWith("?raw")) {
    const text = await readFile(new URL(url.slice(0, -"?raw".length)), "utf8");
    return { format: "module", shortCircuit: true, source: `export default ${JSON.stringify(text)};` };
  }
  return next(url, context);
}
