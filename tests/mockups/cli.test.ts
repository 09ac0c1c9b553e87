import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { command as compose } from "../../app/cli/commands/compose";
import { InputError, UsageError, type CliIO } from "../../app/cli/types";
import * as hostile from "../fixtures/hostile/generate";
import { solidPng } from "./helpers";

function capture(): CliIO & { outs: string[]; errs: string[] } {
  const c = { outs: [] as string[], errs: [] as string[], tty: false, out: (l: string) => void c.outs.push(l), err: (l: string) => void c.errs.push(l) };
  return c;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "mockup-cli-"));

describe("mockup compose", () => {
  it("composes a library model with a design file", async () => {
    const design = path.join(dir, "red.png");
    writeFileSync(design, await solidPng(400, 400, [230, 20, 20, 255]));
    const out = path.join(dir, "tee.jpg");
    const io = capture();
    const code = await compose.run(["--model", "tee", "--view", "front", "--design", design, "--color", "#1E2A4A", "--out", out, "--size", "1024", "--renderer", "raster"], io);
    expect(code).toBe(0);
    expect(io.outs[0]).toContain(out);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1024, 1024]);
    let red = 0, navy = 0;
    for (let i = 0; i < data.length; i += 3) {
      if (data[i] > 120 && data[i + 1] < 60 && data[i + 2] < 70) red++;
      if (data[i] < 60 && data[i + 2] > data[i] + 15) navy++;
    }
    expect(red).toBeGreaterThan(10_000); // the design, on the chest
    expect(navy).toBeGreaterThan(red); // the navy garment around it
  });

  it("refuses unknown models, bad arguments and hostile designs with clear errors", async () => {
    const unknown = compose.run(["--model", "spaceship", "--out", path.join(dir, "x.jpg")], capture());
    await expect(unknown).rejects.toBeInstanceOf(InputError);
    await expect(unknown).rejects.toThrow(/unknown model "spaceship": available: .*tee/);
    await expect(compose.run(["--model", "tee", "--color", "green", "--out", path.join(dir, "x.jpg")], capture())).rejects.toBeInstanceOf(UsageError);
    const evil = path.join(dir, "evil.png");
    writeFileSync(evil, await hostile.polyglotPng());
    const refused = compose.run(["--model", "tee", "--design", evil, "--out", path.join(dir, "evil.jpg"), "--renderer", "raster"], capture());
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(/design rejected: .*polyglot/);
    expect(existsSync(path.join(dir, "evil.jpg"))).toBe(false);
  });
});

describe("mockup catalog (child process: worker threads under the CLI's tsx)", () => {
  it("writes every mockup, then a re-run computes nothing; a bad file fails only its own", async () => {
    const designs = path.join(dir, "designs");
    const out = path.join(dir, "catalog");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(designs);
    writeFileSync(path.join(designs, "a.png"), await solidPng(300, 300, [250, 250, 250, 255]));
    writeFileSync(path.join(designs, "b.png"), await solidPng(200, 300, [20, 200, 20, 255]));
    writeFileSync(path.join(designs, "broken.png"), Buffer.from("<html>not an image</html>"));
    const args = ["bin/mockup.js", "catalog", "--designs", designs, "--models", "tee", "--colors", "Black=#111111,Sand=#D8C7A0", "--out", out, "--threads", "2", "--renderer", "raster", "--json"];
    const run = promisify(execFile);
    // same data dir as the in-process test above: the tee passes rasterised there are reused
    const env = { ...process.env };
    const first = await run(process.execPath, args, { env, cwd: process.cwd() });
    const r1 = JSON.parse(first.stdout.trim().split("\n").at(-1)!);
    expect(r1).toMatchObject({ computed: 4, cached: 0 });
    expect(r1.rejected).toEqual([expect.objectContaining({ file: "broken.png", error: expect.stringMatching(/HTML/) })]);
    expect(r1.files).toHaveLength(4);
    for (const f of r1.files) expect((await sharp(f).metadata()).width).toBe(1024);
    const second = await run(process.execPath, args, { env, cwd: process.cwd() });
    const r2 = JSON.parse(second.stdout.trim().split("\n").at(-1)!);
    expect(r2).toMatchObject({ computed: 0, cached: 4 });
  });
});
