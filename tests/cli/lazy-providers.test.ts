/**
 * `mockup jobs` reads the database only: it must not load the providers (sharp, glTF-Transform, the Blender pool),
 * which cost hundreds of milliseconds to import and are loaded on first use by the registry (runtime.server.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useCliHarness } from "./harness";

const h = useCliHarness();

describe("lazy providers", () => {
  it("mockup jobs loads neither sharp, glTF-Transform nor the Blender pool", async () => {
    const log = path.join(h.dir, "imports.log");
    const r = await h.mockup(["jobs"], { NODE_OPTIONS: `--import=${path.resolve("tests/helpers/import-log.mjs")}`, IMPORT_LOG: log });
    expect(r.code, r.err).toBe(0);
    const urls = readFileSync(log, "utf8").split("\n").filter(Boolean);
    // the log works: the command and the runtime were loaded
    expect(urls.some((u) => u.endsWith("/app/cli/commands/jobs.ts"))).toBe(true);
    expect(urls.some((u) => u.endsWith("/app/runtime.server.ts"))).toBe(true);
    for (const heavy of [/\/node_modules\/sharp\//, /\/node_modules\/@gltf-transform\//, /\/app\/blender\/pool\.ts$/, /\/app\/providers\.server\.ts$/]) {
      expect(urls.filter((u) => heavy.test(u)), String(heavy)).toEqual([]);
    }
  });
});
