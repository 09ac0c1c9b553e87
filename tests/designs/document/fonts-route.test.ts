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

describe("font licences", () => {
  it("every font is SIL OFL 1.1 in its npm package, recorded in the catalogue and decision 111, and served beside it", async () => {
    const { createRequire } = await import("node:module");
    const { readFileSync } = await import("node:fs");
    const require = createRequire(import.meta.url);
    const record = readFileSync("docs/decisions/111-fonts-and-text-outlines.md", "utf8");
    for (const f of FONTS) {
      const pkg = require(`${f.pkg}/package.json`) as { license: string; version: string };
      expect(pkg.license, f.pkg).toBe("OFL-1.1");
      expect(f.licence).toBe("SIL OFL 1.1");
      // the record names the font, its package with the installed version, and the licence
      expect(record).toMatch(new RegExp(`\\| \`${f.id}\` \\| ${f.label} \\| \`${f.pkg}\` ${pkg.version.replace(/\./g, "\\.")} \\| SIL OFL 1\\.1 \\|`));
      const r = await get(`${f.id}.txt`, {}, proxyLoader);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await r.text();
      expect(text).toMatch(/SIL Open Font License, Version 1\.1/);
      expect(text).toMatch(/Copyright/);
    }
    expect((await get("comic-sans.txt")).status).toBe(404);
  });
});
