/**
 * The viewer library the 3D module loads through the app proxy: the versions the block asks for are the ones the
 * server has, the answer is compressed and cacheable for a year, and unknown names are 404.
 */
import { readFileSync } from "node:fs";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MESHOPT_VERSION, MODEL_VIEWER_VERSION, viewerAssetResponse } from "../../app/storefront/viewer-assets.server";

describe("viewer assets through the app proxy", () => {
  it("the block's 3D module asks for exactly the versions the server serves", () => {
    const js = readFileSync("extensions/mockup-viewer/assets/mockup-3d.js", "utf8");
    expect(/VIEWER_VERSION = "([^"]+)"/.exec(js)?.[1]).toBe(MODEL_VIEWER_VERSION);
    expect(/MESHOPT_VERSION = "([^"]+)"/.exec(js)?.[1]).toBe(MESHOPT_VERSION);
  });

  it("model-viewer: brotli when accepted, immutable for a year, the package's own bytes", async () => {
    const res = viewerAssetResponse(`model-viewer-${MODEL_VIEWER_VERSION}.min.js`, "gzip, deflate, br");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const body = Buffer.from(await res.arrayBuffer());
    const original = readFileSync("node_modules/@google/model-viewer/dist/model-viewer.min.js");
    expect(body.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(body).equals(original)).toBe(true);
  });

  it("plain when the client accepts no encoding; unknown or older versions are 404", async () => {
    const res = viewerAssetResponse(`meshopt_decoder-${MESHOPT_VERSION}.js`, null);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toContain("MeshoptDecoder");
    expect(viewerAssetResponse("model-viewer-1.0.0.min.js", "br").status).toBe(404);
    expect(viewerAssetResponse("../../package.json", "br").status).toBe(404);
  });
});
