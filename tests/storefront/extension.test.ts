/**
 * The theme app extension as Shopify checks it: Theme Check with the theme-app-extension profile finds nothing,
 * every block script stays under Shopify's 10,000 B compressed budget, both languages carry the same strings,
 * and `shopify app build` (the CLI that deploys it) accepts the app. The build needs no network or Partner login.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { check } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";

const EXT = path.resolve("extensions/mockup-viewer");

function keys(obj: unknown, prefix = ""): string[] {
  if (!obj || typeof obj !== "object") return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("theme app extension", () => {
  it("Theme Check (theme app extension profile): 0 offences", async () => {
    const offences = await check(EXT, path.join(EXT, ".theme-check.yml"));
    expect(offences.map((o) => `${o.check} ${o.uri.split("/extensions/")[1]}:${o.start.line} ${o.message}`)).toEqual([]);
  }, 60_000);

  it("every block script is ≤ 10,000 bytes gzip-compressed, and the block names its load-time files", () => {
    const js = readdirSync(path.join(EXT, "assets")).filter((f) => f.endsWith(".js"));
    expect(js.sort()).toEqual(["mockup-3d.js", "mockup-cart.js", "mockup-design.js", "mockup-editor.js", "mockup-viewer.js"]);
    for (const f of js) expect(gzipSync(readFileSync(path.join(EXT, "assets", f)), { level: 9 }).length, f).toBeLessThanOrEqual(10_000);
    const liquid = readFileSync(path.join(EXT, "blocks/product-viewer.liquid"), "utf8");
    const schema = JSON.parse(/{% schema %}([\s\S]*){% endschema %}/.exec(liquid)![1]);
    // only the small loader is on the page before interaction; the others are fetched by it
    expect(schema.javascript).toBe("mockup-viewer.js");
    expect(schema.target).toBe("section");
    expect(schema.settings.map((s: { id?: string }) => s.id).filter(Boolean)).toEqual(
      expect.arrayContaining(["view_front", "view_back", "enable_ar", "enable_design", "button_label", "button_background", "button_text"]),
    );
  });

  it("English and German carry the same storefront and editor strings", () => {
    const read = (f: string) => JSON.parse(readFileSync(path.join(EXT, "locales", f), "utf8"));
    expect(keys(read("de.json")).sort()).toEqual(keys(read("en.default.json")).sort());
    expect(keys(read("de.schema.json")).sort()).toEqual(keys(read("en.default.schema.json")).sort());
    expect(read("de.json").mockup_viewer.view_in_3d).toBe("In 3D ansehen");
  });

  it("`shopify app build` succeeds offline", () => {
    const r = spawnSync("npx", ["shopify", "app", "build", "--skip-dependencies-installation"], {
      encoding: "utf8",
      timeout: 150_000,
      env: { ...process.env, SHOPIFY_CLI_NO_ANALYTICS: "1", CI: "1" },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/built/);
  }, 180_000);
});
