/**
 * Round trip through Blender 3.4's glTF importer (skipped where Blender is not installed). Blender 3.4
 * reads neither EXT_meshopt_compression nor EXT_texture_webp, so files here are written in compat mode
 * (no meshopt, textures in their original format): the form `asset optimize --compat` exports for DCC tools.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { importModel } from "../../app/gltf/import";
import { writeGlb } from "../../app/gltf/optimise";
import { countTriangles } from "../../app/gltf/stats";
import { addColorVariants } from "../../app/gltf/variants";
import { loadModel } from "../../app/library/index";
import { processModel } from "../../app/gltf/process";
import { SAMPLES_DIR } from "./helpers";

const run = promisify(execFile);
const BLENDER = process.env.BLENDER_BIN ?? "/usr/bin/blender";

describe.skipIf(!existsSync(BLENDER))("Blender glTF importer", () => {
  it("imports the mug and tee variant GLBs with their triangles and every variant", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "blender-rt-"));
    const colors = [{ name: "Forest Green", hex: "#228B22" }, { name: "Beige", hex: "#F5DEB3" }, { name: "Black", hex: "#000000" }];
    for (const name of ["mug", "tee"]) {
      const { glb } = await loadModel(name);
      const { doc } = await importModel(glb, { fileName: `${name}.glb` });
      await addColorVariants(doc, { colors });
      const file = path.join(dir, `${name}.glb`);
      writeFileSync(file, await writeGlb(doc, { compress: false }));
      const { stdout } = await run(
        BLENDER,
        ["-b", "--factory-startup", "-noaudio", "--python-exit-code", "1", "--python", path.resolve("tests/gltf/blender/import_glb.py"), "--", file],
        { env: { ...process.env, PATH: "/usr/local/bin:/usr/bin:/bin" }, timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
      );
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      expect(line, stdout.slice(-2000)).toBeDefined();
      const got = JSON.parse(line!.slice(7));
      expect(got.triangles, name).toBe(countTriangles(doc));
      expect(got.variants, name).toEqual(colors.map((c) => c.name));
      expect(got.materials.some((m: string) => m.endsWith("/ Forest Green")), name).toBe(true);
    }
  }, 58_000);

  it("imports a sample optimised in compat mode (no meshopt, original texture format) with the same triangles", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "blender-rt-"));
    const bytes = new Uint8Array(readFileSync(path.join(SAMPLES_DIR, "mug_trellis.glb")));
    const r = await processModel(bytes, { fileName: "mug_trellis.glb", compress: false, textureFormat: "original" });
    expect(r.report.after.textures[0].mimeType).toBe("image/png");
    const file = path.join(dir, "trellis.glb");
    writeFileSync(file, r.glb);
    const { stdout } = await run(
      BLENDER,
      ["-b", "--factory-startup", "-noaudio", "--python-exit-code", "1", "--python", path.resolve("tests/gltf/blender/import_glb.py"), "--", file],
      { env: { ...process.env, PATH: "/usr/local/bin:/usr/bin:/bin" }, timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const got = JSON.parse(stdout.split("\n").find((l) => l.startsWith("RESULT "))!.slice(7));
    expect(got.triangles).toBe(r.report.after.triangles);
  }, 58_000);
});
