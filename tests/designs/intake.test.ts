import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { AssetStore } from "../../app/assets/store/types";
import { DesignRejectedError, intakeDesign, storeDesign } from "../../app/designs/intake";
import { sanitiseSvg } from "../../app/designs/svg";
import type { PrintArea } from "../../app/models/types";
import * as hostile from "../fixtures/hostile/generate";

/** An asset store that records puts: a rejected file must store nothing. */
function spyStore(): AssetStore & { puts: number } {
  const s = {
    shop: "t.myshopify.com",
    puts: 0,
    async put() {
      s.puts++;
      return "0".repeat(64);
    },
    async putFile() {
      s.puts++;
      return "0".repeat(64);
    },
    get: async () => Buffer.alloc(0),
    path: async () => "",
    has: async () => false,
    info: async () => null,
  };
  return s;
}

const AREA: PrintArea = { name: "front", uv: { u0: 0, v0: 0, u1: 1, v1: 1 }, widthCm: 30, heightCm: 40 };

describe("design intake refuses hostile files with a clear error and stores nothing", () => {
  const cases: [string, () => Buffer | Promise<Buffer>, string, RegExp, object?][] = [
    ["decompression bomb PNG", hostile.decompressionBombPng, "too_many_pixels", /10000×10000 = 100 megapixels; the limit is 50/],
    ["100,000 × 100,000 header", hostile.hugeHeaderPng, "bad_dimensions", /100000×100000 pixels; the limit is 12000/],
    ["SVG with <script> and external href", () => hostile.svgWithScript, "unsafe_svg", /scripts.*external references/],
    ["XML entity bomb", () => hostile.svgEntityBomb, "unsafe_svg", /DOCTYPE\/entity declarations/],
    ["polyglot PNG + HTML + ZIP", hostile.polyglotPng, "polyglot", /other data after its end/],
    ["truncated JPEG", hostile.truncatedJpeg, "truncated", /truncated/],
    ["50 MB upload", hostile.fiftyMegabytes, "too_large", /50\.0 MB; the limit is 25 MB/],
    ["HTML named design.png", () => hostile.htmlNamedPng.bytes, "unknown_type", /not a PNG, JPEG, WebP or SVG image \(the file starts with HTML\)/, { filename: "design.png" }],
  ];
  for (const [name, make, code, message, extra] of cases) {
    it(name, async () => {
      const store = spyStore();
      const bytes = await make();
      const err = await storeDesign(store, bytes, { printArea: AREA, ...extra }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DesignRejectedError);
      expect((err as DesignRejectedError).code).toBe(code);
      expect((err as Error).message).toMatch(message);
      expect(store.puts).toBe(0);
    });
  }

  it("a truncated PNG and an empty file are refused too", async () => {
    const good = await sharp({ create: { width: 50, height: 50, channels: 3, background: "#123" } }).png().toBuffer();
    await expect(intakeDesign(good.subarray(0, good.length - 30))).rejects.toMatchObject({ code: "truncated" });
    await expect(intakeDesign(Buffer.alloc(0))).rejects.toMatchObject({ code: "empty" });
  });
});

describe("design intake accepts good files", () => {
  it("re-encodes to PNG, strips metadata and trims transparent borders", async () => {
    // 400×300 canvas with a 100×50 opaque block at (120, 80), plus EXIF
    const block = await sharp({ create: { width: 100, height: 50, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 1 } } }).png().toBuffer();
    const src = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: block, left: 120, top: 80 }])
      .withExif({ IFD0: { Copyright: "secret-owner", Artist: "someone" } })
      .png()
      .toBuffer();
    expect((await sharp(src).metadata()).exif).toBeDefined();
    const store = spyStore();
    const r = await storeDesign(store, src);
    expect(store.puts).toBe(1);
    expect([r.width, r.height]).toEqual([100, 50]);
    expect(r.trimmed).toEqual({ left: 120, top: 80, right: 180, bottom: 170 });
    const meta = await sharp(r.png).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(["png", 100, 50, 4]);
    expect(meta.exif).toBeUndefined();
    expect(r.png.includes(Buffer.from("secret-owner"))).toBe(false);
  });

  it("sniffs the type from the bytes: a JPEG named .png is read as a JPEG", async () => {
    const jpg = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#2E8B57" } }).jpeg().toBuffer();
    const r = await intakeDesign(jpg, { filename: "photo.png" });
    expect(r.sourceType).toBe("jpeg");
    expect([r.width, r.height]).toEqual([300, 200]);
    const webp = await sharp({ create: { width: 64, height: 32, channels: 4, background: "#f00" } }).webp().toBuffer();
    expect((await intakeDesign(webp, { filename: "x.svg" })).sourceType).toBe("webp");
  });

  it("flags a design below 150 DPI for its print area", async () => {
    const small = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: "#fff" } }).png().toBuffer();
    const big = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: "#fff" } }).png().toBuffer();
    // 80 % of 30 cm = 24 cm = 9.45 in
    const lo = await intakeDesign(small, { printArea: AREA });
    expect(lo.print!.dpi).toBeCloseTo(105.8, 0);
    expect(lo.lowDpi).toBe(true);
    const hi = await intakeDesign(big, { printArea: AREA });
    expect(hi.print!.dpi).toBeCloseTo(317.5, 0);
    expect(hi.lowDpi).toBe(false);
    // in centimetres: 1000 px over 15 cm = 169 DPI
    expect((await intakeDesign(small, { printArea: AREA, placement: { widthCm: 15 } })).lowDpi).toBe(false);
  });

  it("rasterises a clean SVG, and in strip mode removes scripts and external references first", async () => {
    const clean = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#00f"/></svg>`);
    const r = await intakeDesign(clean);
    expect(r.sourceType).toBe("svg");
    expect(r.width).toBeGreaterThanOrEqual(3000);
    expect(r.height).toBeCloseTo(r.width / 2, -1);
    const stripped = await intakeDesign(hostile.svgWithScript, { svgPolicy: "strip" });
    expect(stripped.svgRemoved).toEqual(expect.arrayContaining(["scripts", "external references", "event handlers"]));
    const stats = await sharp(stripped.png).stats();
    expect(stats.channels[0].mean).toBeGreaterThan(250); // the red rect survives
    // stripped of its entities the bomb is an empty text element: nothing left to print
    await expect(intakeDesign(hostile.svgEntityBomb, { svgPolicy: "strip" })).rejects.toMatchObject({ code: "fully_transparent" });
  });

  it("the SVG sanitiser leaves nothing that points outside the file", () => {
    const { svg } = sanitiseSvg(hostile.svgWithScript.toString());
    expect(svg).not.toMatch(/<script|onload|evil\.example|file:\/\//i);
    expect(svg).toMatch(/<rect/);
    const css = sanitiseSvg(`<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/y.css); rect{fill:url(http://x/p.svg#a)}</style><rect fill="url(#grad)"/></svg>`);
    expect(css.svg).not.toMatch(/http:\/\/x|@import/);
    expect(css.svg).toMatch(/url\(#grad\)/);
  });

  // every one of these reaches outside the file; each must be refused by default and cleaned in strip mode
  const SVG = (body: string, ns = "") =>
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${ns} width="10" height="10"><rect width="10" height="10" fill="red"/>${body}</svg>`;
  const X = ` xmlns:x="http://www.w3.org/1999/xlink"`;
  const outside: [string, string, RegExp][] = [
    ["xlink under another prefix", SVG(`<image x:href="file:///etc/passwd" width="10" height="10"/>`, X), /external references/],
    ["any prefix on src", SVG(`<image zz:src="file:///etc/passwd"/>`, ` xmlns:zz="urn:zz"`), /external references/],
    ["XInclude of a local file", SVG(`<xi:include href="file:///etc/passwd" parse="text"/>`, ` xmlns:xi="http://www.w3.org/2001/XInclude"`), /external references/],
    ["spaces and single quotes", SVG(`<image\n  href \t= 'http://evil.example/x.png'/>`), /external references/],
    ["upper-case attribute", SVG(`<image XLINK:HREF="file:///etc/passwd"/>`), /external references/],
    ["unquoted value", SVG(`<image href=file:///etc/passwd />`), /external references/],
    ["character reference hiding the scheme", SVG(`<image href="&#102;ile:///etc/passwd"/>`), /external references/],
    ["character references hiding url(", SVG(`<rect fill="&#117;&#x72;l(file:///etc/passwd)"/>`), /external references/],
    ["character reference hiding @import", SVG(`<style>&#64;import "http://evil.example/a.css";</style>`), /external references/],
    ["CSS escape hiding url(", SVG(`<style>rect{fill:\\75 rl(http://evil.example/p.svg)}</style>`), /CSS escape sequences/],
    ["CSS escape hiding @import", SVG(`<style>@\\69mport "http://evil.example/a.css";</style>`), /CSS escape sequences/],
    ["url( with spaces and quotes in a style attribute", SVG(`<rect style="fill: URL(  'http://evil.example/p.svg#a' )"/>`), /external references/],
  ];
  for (const [name, text, why] of outside) {
    it(`SVG reaching outside the file is refused: ${name}`, async () => {
      const store = spyStore();
      const err = await storeDesign(store, Buffer.from(text)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DesignRejectedError);
      expect((err as DesignRejectedError).code).toBe("unsafe_svg");
      expect((err as Error).message).toMatch(why);
      expect(store.puts).toBe(0);
      const { svg } = sanitiseSvg(text);
      // nothing left that could point anywhere: no href/src, url( or @import, no escapes or character references
      expect(svg).not.toMatch(/(href|src)\s*=|url\(|@import|\\|&#/i);
      expect(sanitiseSvg(svg).removed).toEqual([]);
      expect(svg).toMatch(/<rect width="10"/);
    });
  }

  it("references inside the file are kept, whatever the prefix", async () => {
    const text = SVG(
      `<defs><linearGradient id="g"><stop offset="0" stop-color="#00f"/></linearGradient><rect id="r" width="5" height="5"/></defs><use href="#r"/><use xlink:href="#r"/><use x:href='#r'/><rect width="2" height="2" fill="url(#g)"/>`,
      X,
    );
    expect(sanitiseSvg(text)).toEqual({ svg: text, removed: [] });
    const r = await intakeDesign(Buffer.from(text));
    expect(r.sourceType).toBe("svg");
  });
});
