/** `mockup run` end to end with stand-in providers, then jobs / job / retry on its job. */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { polyglotPng } from "../fixtures/hostile/generate";
import { REG, useCliHarness } from "./harness";

const h = useCliHarness();
const { mockup } = h;

describe("run, jobs, job, retry", () => {
  it("runs a product pipeline from local files and prints existing output paths", async () => {
    const design = path.join(h.dir, "logo.png");
    await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toFile(design);
    const r = await mockup(["run", "--model", "tee", "--colors", "Black=#000000,Beige=#F5DEB3", "--design", design, "--views", "front,back"], REG);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("\x1b"); // not a tty: plain lines
    expect(r.out).toMatch(/job \S+ succeeded/);
    const paths = [...r.out.matchAll(/^\s+(\S+)\/(\w+): (\/\S+)$/gm)];
    // model, optimize, variants, decal (the design on the 3D model), 2 views of passes, 2 colours of mockups:
    // the design sits in the front print area, so the back view gets passes but no mockups
    expect(paths).toHaveLength(8);
    expect(paths.map((p) => p[1])).toContain("decal");
    for (const [, , , p] of paths) expect(existsSync(p)).toBe(true);
    expect(paths.map((p) => p[1])).toContain("mockup:front:0:Beige");
    expect(paths.map((p) => p[1]).filter((n) => n.startsWith("mockup:back"))).toEqual([]);
    const job = await h.t.db.job.findFirstOrThrow({ where: { shop: "demo.local" } });
    expect(job.status).toBe("succeeded");
    expect(await h.t.db.design.count()).toBe(1);

    const list = await mockup(["jobs"]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(job.id);
    expect(list.out).toContain("succeeded");
    const one = await mockup(["job", job.id]);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/mockup:front:0:Black\s+mockup.compose\s+succeeded/);
    // another shop's job is unknown to this shop; a succeeded job cannot be retried: refused, exit 2
    expect((await mockup(["job", job.id, "--shop", "other.myshopify.com"])).code).toBe(2);
    const retry = await mockup(["retry", job.id]);
    expect(retry.code).toBe(2);
    expect(retry.err).toContain("only failed or cancelled jobs can be retried");
  });

  it("designs go through design intake; a second run reuses the Design row; a hostile design is refused with exit 2", async () => {
    // 64×48 red with an 8 px transparent border: intake trims it to 48×32 and stores a plain PNG
    const design = path.join(h.dir, "framed.png");
    await sharp({ create: { width: 48, height: 32, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } })
      .extend({ top: 8, bottom: 8, left: 8, right: 8, background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toFile(design);
    const args = ["run", "--model", "tee", "--colors", "Black=#000000", "--design", design, "--views", "front", "--product", "p-intake"];
    const before = await h.t.db.design.count();
    const first = await mockup(args, REG);
    expect(first.code).toBe(0);
    const rows = await h.t.db.design.findMany({ where: { name: "framed.png" } });
    expect(rows).toHaveLength(1);
    expect([rows[0].width, rows[0].height, rows[0].mediaType, rows[0].shop]).toEqual([48, 32, "image/png", "demo.local"]);
    const asset = await h.t.db.asset.findFirstOrThrow({ where: { shop: "demo.local", key: rows[0].assetKey } });
    expect([asset.kind, asset.width, asset.height]).toEqual(["design", 48, 32]);
    expect(JSON.parse(asset.meta ?? "{}")).toMatchObject({ sourceType: "png", uploadedBy: "merchant" });

    const second = await mockup(args, REG);
    expect(second.code).toBe(0);
    expect(await h.t.db.design.count()).toBe(before + 1);

    // a PNG with HTML and a ZIP after its end: sharp alone would decode it, intake refuses it; nothing is created
    const evil = path.join(h.dir, "evil.png");
    writeFileSync(evil, await polyglotPng());
    const counts = await h.rows();
    const bad = await mockup(["run", "--model", "tee", "--colors", "Black=#000000", "--design", design, "--design", evil], REG);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--design: \S*evil\.png was rejected: .*other data after its end/);
    expect(await h.rows()).toEqual(counts);
  });

  it("exits 1 with the failing step when the pipeline fails; retry re-queues it", async () => {
    const r = await mockup(["run", "--model", "hoodie", "--colors", "Black=#000000", "--product", "p-fail"], { MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/empty-registry.ts" });
    expect(r.code).toBe(1);
    expect(r.err).toContain('step "model" failed: no provider registered for model.fetch');
    const job = await h.t.db.job.findFirstOrThrow({ where: { input: { contains: "p-fail" } } });
    const retry = await mockup(["retry", job.id]);
    expect(retry.code).toBe(0);
    expect(retry.out).toContain("queued again");
    expect((await h.t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
  });
});
