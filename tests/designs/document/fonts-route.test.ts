import { describe, expect, it } from "vitest";
import { loader } from "../../../app/routes/fonts.$file";
import { loader as proxyLoader } from "../../../app/routes/proxy.fonts.$file";
import { FONTS } from "../../../app/designs/text/fonts";

const get = (file: string, headers: Record<string, string> = {}, l = loader) =>
  l({ params: { file }, request: new Request(`http://127.0.0.1/fonts/${file}`, { headers }), context: {} });

describe("font route", () => {
  it("serves every font as WOFF with long caching, CORS and an ETag; 304 on a match", async () => {
    for (const f of FONTS) {
      const r = await get(`${f.id}.woff`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("font/woff");
      expect(r.headers.get("cache-control")).toMatch(/max-age=31536000/);
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("wOFF");
      const again = await get(`${f.id}.woff`, { "If-None-Match": r.headers.get("etag")! });
      expect(again.status).toBe(304);
    }
    expect((await get("inter-700.woff", {}, proxyLoader)).status).toBe(200);
  });

  it("serves each font's glyph set as JSON, compressed when the client accepts it", async () => {
    const r = await get("lora-400.json", { "Accept-Encoding": "gzip, br" });
    expect(r.headers.get("content-encoding")).toBe("br");
    const plain = await get("lora-400.json");
    const set = (await plain.json()) as { unitsPerEm: number; glyphs: Record<string, { a: number; d: string }> };
    expect(set.unitsPerEm).toBe(1000);
    for (const ch of "AaÄäÖöÜüß€") expect(set.glyphs[ch]?.d.length, ch).toBeGreaterThan(10);
  });

  it("404 for unknown names and anything path-like", async () => {
    for (const f of ["nope.woff", "../package.json", "inter-700.woff2", "inter-700", "inter-700.json.js", "%2e%2e%2fx.woff"]) expect((await get(f)).status).toBe(404);
  });
});
