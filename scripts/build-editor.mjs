// Builds the storefront design editor (app/storefront/editor/main.ts) into one minified IIFE,
// app/storefront/editor-bundle/mockup-editor.js, served by the app through the proxy under a content-hashed
// name, and writes that name into the extension's loader (extensions/mockup-viewer/assets/mockup-editor.js).
// `node scripts/build-editor.mjs --check` rebuilds in memory and fails when a committed file is stale.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "vite";

const root = path.resolve(import.meta.dirname, "..");
const bundleFile = path.join(root, "app/storefront/editor-bundle/mockup-editor.js");
const loaderFile = path.join(root, "extensions/mockup-viewer/assets/mockup-editor.js");
const check = process.argv.includes("--check");

const out = await build({
  configFile: false,
  root,
  logLevel: "silent",
  build: {
    write: false,
    minify: "esbuild",
    target: "es2020",
    sourcemap: false,
    lib: { entry: path.join(root, "app/storefront/editor/main.ts"), formats: ["iife"], name: "MockupEditorBundle", fileName: () => "mockup-editor.js" },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
const chunk = (Array.isArray(out) ? out[0] : out).output.find((o) => o.type === "chunk");
const code = chunk.code;
const hash = createHash("sha256").update(code).digest("hex").slice(0, 12);
const loaderTemplate = readFileSync(loaderFile, "utf8");
const loader = loaderTemplate.replace(/var EDITOR_BUNDLE = "[^"]*";/, `var EDITOR_BUNDLE = "mockup-editor-${hash}.js";`);

if (check) {
  const stale = [];
  if (readFileSync(bundleFile, "utf8") !== code) stale.push(path.relative(root, bundleFile));
  if (loader !== loaderTemplate) stale.push(path.relative(root, loaderFile));
  if (stale.length) {
    console.error(`stale: ${stale.join(", ")} (run node scripts/build-editor.mjs)`);
    process.exit(1);
  }
  console.log(`editor bundle up to date: mockup-editor-${hash}.js, ${code.length} bytes`);
} else {
  writeFileSync(bundleFile, code);
  writeFileSync(loaderFile, loader);
  console.log(`wrote mockup-editor-${hash}.js (${code.length} bytes)`);
}
