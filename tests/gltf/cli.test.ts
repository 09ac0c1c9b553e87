/** `npx mockup asset …` and `npx mockup library …` as a merchant or CI would run them (child processes). */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { validateGlb } from "../../app/gltf/validate";
import { glbJson, SAMPLES_DIR, tinyGlb } from "./helpers";

const exec = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "asset-cli-"));
});

async function mockup(...args: string[]) {
  return exec(process.execPath, ["bin/mockup.js", ...args], { maxBuffer: 16 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: String(e.stdout), stderr: String(e.stderr) }),
  );
}

describe("asset and library CLI", () => {
  it("asset optimize IN OUT --variants writes a valid variant GLB and reports before/after", async () => {
    const out = path.join(dir, "mug.glb");
    const r = await mockup("asset", "optimize", path.join(SAMPLES_DIR, "mug_trellis.glb"), out, "--max-texture", "1024", "--variants", "Black=#000000,Beige=#F5DEB3");
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.variants).toEqual(["Black", "Beige"]);
    expect(report.before.bytes).toBe(readFileSync(path.join(SAMPLES_DIR, "mug_trellis.glb")).byteLength);
    expect(report.after.bytes).toBeLessThan(report.before.bytes);
    expect(report.before.textures[0]).toMatchObject({ mimeType: "image/png", width: 1024 });
    expect(report.after.textures[0]).toMatchObject({ mimeType: "image/webp", width: 1024 });
    const glb = new Uint8Array(readFileSync(out));
    expect((await validateGlb(glb)).errors).toBe(0);
    expect(glbJson(glb).extensions.KHR_materials_variants.variants.map((v: { name: string }) => v.name)).toEqual(["Black", "Beige"]);

    const inspect = await mockup("asset", "inspect", out);
    expect(inspect.code).toBe(0);
    const info = JSON.parse(inspect.stdout);
    expect(info).toMatchObject({ format: "glb", triangles: 18518, variants: ["Black", "Beige"], validator: { errors: 0 } });
    expect(info.extensions).toEqual(expect.arrayContaining(["EXT_meshopt_compression", "EXT_texture_webp", "KHR_materials_variants"]));
  });

  it("bad arguments exit 2 with the usage; missing or refused files exit 2 with one line; nothing is written", async () => {
    const out = path.join(dir, "never.glb");
    const bad = await mockup("asset", "optimize", path.join(SAMPLES_DIR, "bag_kenney.glb"), out, "--variants", "Black=000000");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: mockup asset/);
    const tex = await mockup("asset", "optimize", path.join(SAMPLES_DIR, "bag_kenney.glb"), out, "--max-texture", "4096");
    expect(tex.code).toBe(2);
    const missing = await mockup("asset", "inspect", path.join(dir, "nope.glb"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: asset inspect: ${path.join(dir, "nope.glb")} does not exist or cannot be read\n`);
    writeFileSync(path.join(dir, "evil.glb"), Buffer.from("PK\x03\x04 not a model"));
    const evil = await mockup("asset", "optimize", path.join(dir, "evil.glb"), out);
    expect(evil.code).toBe(2);
    expect(evil.stderr).toMatch(/ZIP archive/);
    expect(existsSync(out)).toBe(false);
  });

  it("asset optimize refuses an input that cannot be made valid (NaN positions) with the validator's messages, exit 2, nothing written", async () => {
    const input = path.join(dir, "nan.glb");
    const out = path.join(dir, "nan-out.glb");
    writeFileSync(input, tinyGlb({}, Buffer.from(new Float32Array([0, 0, 0, 1, NaN, 0, 0, 1, 0]).buffer)));
    const r = await mockup("asset", "optimize", input, out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the model cannot be made valid glTF/m);
    // the validator's own finding about the input, not only about our output
    expect(r.stderr).toMatch(/^\s+input: ACCESSOR_INVALID_FLOAT/m);
    expect(existsSync(out)).toBe(false);
  });

  it("library list and export", async () => {
    const list = await mockup("library", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((m: { name: string }) => m.name)).toEqual(["tee", "hoodie", "mug", "tote", "poster", "cap", "phonecase"]);
    const out = path.join(dir, "cap.glb");
    const exp = await mockup("library", "export", "cap", out);
    expect(exp.code, exp.stderr).toBe(0);
    expect((await validateGlb(new Uint8Array(readFileSync(out)))).errors).toBe(0);
    const unknown = await mockup("library", "export", "spaceship", out + "2");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown model "spaceship"/);
  });
});
