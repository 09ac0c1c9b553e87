/** Inputs with glTF errors: fixed when they can be made valid, refused with the validator's messages when not. */
import { describe, expect, it } from "vitest";
import { AssetError } from "../../app/gltf/errors";
import { processModel } from "../../app/gltf/process";
import { validateGlb } from "../../app/gltf/validate";
import { tinyGlb } from "./helpers";

describe("validity", () => {
  it("an input with wrong accessor bounds is made valid (bounds are recomputed on write)", async () => {
    const bad = tinyGlb({ accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: "VEC3", min: [0, 0, 0], max: [0.5, 0.5, 0] }] });
    const before = await validateGlb(bad);
    expect(before.errors).toBeGreaterThan(0);
    expect(before.messages.join("\n")).toMatch(/ACCESSOR_MAX_MISMATCH/);
    const r = await processModel(new Uint8Array(bad), { fileName: "bounds.glb" });
    expect((await validateGlb(r.glb)).errors).toBe(0);
  });

  it("an input with NaN positions cannot be made valid: refused with the validator's messages", async () => {
    const bin = Buffer.from(new Float32Array([0, 0, 0, 1, NaN, 0, 0, 1, 0]).buffer);
    const err = await processModel(new Uint8Array(tinyGlb({}, bin)), { fileName: "nan.glb" }).catch((e) => e);
    expect(err).toBeInstanceOf(AssetError);
    expect(err.code).toBe("invalid_gltf");
    expect(err.details.join("\n")).toMatch(/^input: ACCESSOR_INVALID_FLOAT/m);
  });
});
