/**
 * The editor bundle: the committed file is what scripts/build-editor.mjs builds from app/storefront/editor (no
 * stale bundle ships), the extension's loader names its content hash, and the proxy serves it immutable.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { EDITOR_BUNDLE_NAME, editorAssetResponse } from "../../app/storefront/editor-assets.server";

describe("editor bundle", () => {
  it("is fresh, named by its hash in the loader, and the loader stays tiny", () => {
    const out = execFileSync(process.execPath, ["scripts/build-editor.mjs", "--check"], { encoding: "utf8" });
    expect(out).toMatch(/up to date/);
    const loader = readFileSync("extensions/mockup-viewer/assets/mockup-editor.js", "utf8");
    expect(loader).toContain(`"${EDITOR_BUNDLE_NAME}"`);
    expect(gzipSync(loader).length).toBeLessThan(1_000);
    // loaded only on interaction; still kept small (no zod, no font parser in the browser)
    expect(gzipSync(readFileSync("app/storefront/editor-bundle/mockup-editor.js"), { level: 9 }).length).toBeLessThan(20_000);
  }, 60_000);

  it("is served through the proxy immutable, brotli when accepted; other editor names are 404", async () => {
    const r = editorAssetResponse(EDITOR_BUNDLE_NAME, "gzip, br")!;
    expect(r.status).toBe(200);
    expect(r.headers.get("content-encoding")).toBe("br");
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(editorAssetResponse("mockup-editor-000000000000.js", null)!.status).toBe(404);
    expect(editorAssetResponse("model-viewer-4.4.0.min.js", null)).toBeNull();
  });
});
