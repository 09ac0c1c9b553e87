/**
 * `mockup demo --vendors local` as a new user runs it (bin/mockup.js, a fresh database, no Blender): the vendor
 * doubles start in the process, the demo shop is connected to them, and the output names each vendor's results and
 * the fallback. Checked from the files it names and the database, not from timing.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { useCliHarness } from "./harness";

const h = useCliHarness();

/** The files the demo printed for one job folder, with the provider named beside each. */
function printed(out: string, job: string): { file: string; by: string }[] {
  return [...out.matchAll(new RegExp(`^  (\\S+[\\\\/]${job}[\\\\/]\\S+)  \\(([^)]+)\\)$`, "gm"))].map((m) => ({ file: m[1], by: m[2] }));
}

describe("mockup demo --vendors local", () => {
  it("shows each vendor's path, then Mockey.ai down: local mockups, the breaker open, then closed again", async () => {
    const out = path.join(h.dir, "out");
    const r = await h.mockup(["demo", "--vendors", "local", "--out", out], { BLENDER_PATH: "" });
    expect(r.err).not.toMatch(/^error:/m);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Mockey\.ai http:\/\/127\.0\.0\.1:\d+\/v1/);

    // 1. vendor path: the CGTrader import converted to a GLB, mockups by Mockey.ai, the live preview by VirtualThreads.io
    const imported = printed(r.out, "cgtrader-import-4101");
    expect(imported).toEqual([expect.objectContaining({ by: "cgtrader" })]);
    expect(readFileSync(imported[0].file).subarray(0, 4).toString("latin1")).toBe("glTF");
    const tee = printed(r.out, "merino-tee").filter((x) => /mockup-/.test(x.file));
    expect(tee).toHaveLength(6); // front and back × Forest Green, Beige, Black
    for (const m of tee) {
      expect(m.by).toBe("mockey");
      const meta = await sharp(m.file).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 1024]);
    }
    const live = printed(r.out, "shopper-live-preview");
    expect(live.map((x) => x.by)).toEqual(["virtualthreads", "virtualthreads"]);
    expect(r.out).toContain("served by — model.fetch: cgtrader 1; mockup.compose: mockey 9; mockup.live: virtualthreads 1");

    // 2. the outage: every mockup by the local compositor, the breaker open; the second job spared Mockey.ai
    for (const job of ["merino-tee-outage", "merino-hoodie-outage"]) {
      const mockups = printed(r.out, job).filter((x) => /mockup-/.test(x.file));
      expect(mockups.map((x) => x.by)).toEqual(["local", "local", "local"]);
      for (const m of mockups) expect(existsSync(m.file)).toBe(true);
    }
    expect(r.out).toMatch(/breaker mockey \(provider-wide\): open, \d+ failed attempts, last error: mockey: \S+ \/v1\/\S+ → 503/);
    expect(r.out).toMatch(/merino-hoodie-outage[\s\S]*served by — mockup\.compose: local 3; requests to Mockey\.ai: 0/);

    // 3. recovery: the trial job is Mockey.ai's again, the breaker closed
    expect(printed(r.out, "merino-tee-recovered").filter((x) => /mockup-/.test(x.file))).toEqual([expect.objectContaining({ by: "mockey" })]);
    expect(r.out.trimEnd().split("\n").slice(-4).join("\n")).toMatch(/breaker mockey \(provider-wide\): closed/);
    expect(r.out).toMatch(/7\/7 jobs succeeded/);

    // the demo shop's keys are stored encrypted, never in its settings
    const shop = await h.t.db.shop.findUniqueOrThrow({ where: { domain: "demo-vendors.local" } });
    expect(shop.secrets).toMatch(/"mockey":"v1:/);
    expect(shop.settings).not.toMatch(/mky_test_key|vt_test_key|cgt-demo-secret/);
    expect(r.out + r.err).not.toMatch(/mky_test_key|vt_test_key|cgt-demo-secret/);
  }, 300_000);
});
