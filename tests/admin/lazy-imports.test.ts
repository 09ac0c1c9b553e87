/**
 * The thumbnail and Library routes' server modules load sharp, glTF-Transform and the model library on first
 * use only, so the web server does not pay for them at start (they cost hundreds of milliseconds to import).
 * A child process imports the two modules with a resolve hook that logs every module URL.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "lazy-imports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function importsOf(modules: string[]): string[] {
  const log = path.join(dir, `${modules.length}-${Date.now()}.log`);
  const code = modules.map((m) => `await import(${JSON.stringify(path.resolve(m))});`).join("");
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", path.resolve("tests/helpers/import-log.mjs"), "--input-type=module", "-e", code], {
    env: { ...process.env, IMPORT_LOG: log },
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, "utf8").split("\n").filter(Boolean);
}

const HEAVY = [/\/node_modules\/sharp\//, /\/node_modules\/@gltf-transform\//, /\/app\/library\/index\.ts$/, /\/app\/assets\/thumbnails\.server\.ts$/];

describe("thumbnail and Library modules import their heavy parts lazily", () => {
  it("importing thumbs.server and library-page.server loads neither sharp, glTF-Transform nor the model library", () => {
    const urls = importsOf(["app/shopify/thumbs.server.ts", "app/shopify/library-page.server.ts"]);
    // the log works: both modules were loaded
    expect(urls.some((u) => u.endsWith("/app/shopify/thumbs.server.ts"))).toBe(true);
    expect(urls.some((u) => u.endsWith("/app/shopify/library-page.server.ts"))).toBe(true);
    for (const heavy of HEAVY) expect(urls.filter((u) => heavy.test(u)), String(heavy)).toEqual([]);
  });

  it("the log sees a heavy import when there is one (the thumbnailer itself)", () => {
    const urls = importsOf(["app/assets/thumbnails.server.ts"]);
    expect(urls.some((u) => /\/node_modules\/sharp\//.test(u))).toBe(true);
  });
});
