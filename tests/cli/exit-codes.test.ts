/**
 * Exit codes as the README says, for every CLI command: 2 for a bad argument or a refused input (unknown
 * model or job, missing file, a file that is not an image or a hostile model), 1 for work that ran and
 * failed, each with one "error:" line and no stack trace (the stack only with MOCKUP_DEBUG).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { commandNames, runCli } from "../../app/cli/dispatch";
import { packGlb } from "../gltf/helpers";
import { REG, useCliHarness } from "./harness";

const h = useCliHarness();
const f = (name: string) => path.join(h.dir, name);

beforeAll(async () => {
  writeFileSync(f("not-an-image.png"), "just text, not a PNG");
  writeFileSync(f("evil.glb"), Buffer.from("PK\x03\x04 a zip archive, not a model"));
  writeFileSync(f("bad-uri.glb"), packGlb({ asset: { version: "2.0" }, buffers: [{ uri: "file:///etc/passwd", byteLength: 4 }] }));
  const { mkdirSync } = await import("node:fs");
  mkdirSync(f("designs"));
  writeFileSync(f("designs/a.png"), await sharp({ create: { width: 64, height: 64, channels: 4, background: "#ff0000" } }).png().toBuffer());
});

type Case = [what: string, args: () => string[], code: 1 | 2, stderr: RegExp];

/** At least one bad input per command (the last test checks none is missing). */
const CASES: Record<string, Case[]> = {
  help: [["help for an unknown command", () => ["help", "nope"], 2, /unknown command "nope"/]],
  asset: [
    ["inspect a missing file", () => ["asset", "inspect", f("missing.glb")], 2, /asset inspect: \S+missing\.glb does not exist or cannot be read/],
    ["inspect a ZIP named .glb", () => ["asset", "inspect", f("evil.glb")], 2, /ZIP archive/],
    ["optimize a model with a file:// buffer", () => ["asset", "optimize", f("bad-uri.glb"), f("out.glb")], 2, /^error: /],
    ["optimize into a folder that does not exist", () => ["asset", "optimize", f("missing.glb"), f("no/out.glb")], 2, /does not exist/],
    ["an unknown subcommand", () => ["asset", "melt"], 2, /unknown subcommand "melt"/],
  ],
  blender: [
    ["hero of a missing model", () => ["blender", "hero", "--model", f("missing.glb"), "--out", f("h.png")], 2, /--model: \S+missing\.glb does not exist/],
    ["passes of a folder", () => ["blender", "passes", "--model", h.dir, "--out", f("p")], 2, /--model: \S+ is not a file/],
    ["drape an unknown garment", () => ["blender", "drape", "--garment", "sock"], 2, /--garment must be one of/],
  ],
  catalog: [
    ["an unknown model", () => ["catalog", "--designs", f("designs"), "--models", "spaceship", "--colors", "Black=#111111", "--out", f("cat"), "--renderer", "raster"], 2, /unknown model "spaceship"/],
    ["a designs folder that does not exist", () => ["catalog", "--designs", f("none"), "--models", "tee", "--colors", "Black=#111111", "--out", f("cat")], 2, /cannot read --designs/],
  ],
  compose: [
    ["an unknown model", () => ["compose", "--model", "spaceship", "--out", f("x.jpg")], 2, /unknown model "spaceship"/],
    ["a design that is not an image", () => ["compose", "--model", "mug", "--design", f("not-an-image.png"), "--out", f("x.jpg"), "--renderer", "raster"], 2, /design rejected: not a PNG, JPEG, WebP or SVG/],
  ],
  demo: [
    ["a bad --size", () => ["demo", "--size", "5"], 2, /--size must be 1024 or 2048/],
    ["vendors other than the local doubles", () => ["demo", "--vendors", "remote"], 2, /--vendors takes "local"/],
  ],
  gc: [["a bad --grace-hours", () => ["gc", "--grace-hours", "x"], 2, /--grace-hours must be/]],
  job: [["an unknown job", () => ["job", "no-such-job"], 2, /job no-such-job not found for demo\.local/]],
  jobs: [["a bad --status", () => ["jobs", "--status", "done"], 2, /--status must be one of/]],
  library: [
    ["export an unknown model", () => ["library", "export", "spaceship", f("x.glb")], 2, /unknown model "spaceship"/],
    ["export into a folder that does not exist", () => ["library", "export", "mug", f("no/x.glb")], 2, /no such file or directory/],
  ],
  retry: [["an unknown job", () => ["retry", "no-such-job"], 2, /no-such-job/]],
  run: [["a design that is not an image", () => ["run", "--model", "tee", "--colors", "Black=#000000", "--design", f("not-an-image.png")], 2, /--design: \S+ was rejected: not a PNG/]],
  worker: [["a bad --limit", () => ["worker", "--limit", "render.hero"], 2, /--limit must look like render\.hero=2/]],
};

/** stderr is one "error:" line (plus the usage, for a bad argument), never a stack trace or a raw errno. */
function expectOneLine(err: string) {
  expect(err.match(/^error: /gm) ?? [], err).toHaveLength(1);
  expect(err).not.toMatch(/^\s+at /m);
  expect(err).not.toMatch(/ENOENT|EISDIR|TypeError|Invalid `/);
}

const capture = () => {
  const lines: string[] = [];
  return { io: { out: () => undefined, err: (l: string) => void lines.push(l), tty: false }, text: () => lines.map((l) => `${l}\n`).join("") };
};

// in-process through runCli (what bin/mockup.js exits with), one module cache: seconds, not a tsx boot per case
describe("every command refuses bad input with exit 2 and one line", () => {
  beforeAll(() => {
    Object.assign(process.env, h.t.env, REG, { MOCKUP_DATA_DIR: h.dir, MOCKUP_BLENDER_STAGE: f("blender-stage"), MOCKUP_IN_PROCESS_WORKER: "0" });
  });
  for (const [name, cases] of Object.entries(CASES)) {
    for (const [what, args, code, stderr] of cases) {
      it(`${name}: ${what}`, async () => {
        const before = await h.rows();
        const c = capture();
        const exit = await runCli(args(), c.io);
        expect(exit, c.text()).toBe(code);
        expect(c.text()).toMatch(stderr);
        expectOneLine(c.text());
        expect(await h.rows()).toEqual(before);
      });
    }
  }
});

describe("as a process", () => {
  it("a refused input file exits 2 with exactly one line", async () => {
    const r = await h.mockup(["asset", "inspect", f("missing.glb")]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: asset inspect: ${f("missing.glb")} does not exist or cannot be read\n`);
  });

  it("work that fails is exit 1 with one line (a database that was never migrated), the stack only with MOCKUP_DEBUG", async () => {
    const env = { DATABASE_URL: `file:${f("never-migrated.db")}` };
    const [r, debug] = await Promise.all([h.mockup(["jobs"], env), h.mockup(["jobs"], { ...env, MOCKUP_DEBUG: "1" })]);
    expect(r.code).toBe(1);
    expectOneLine(r.err);
    expect(r.err).toMatch(/^error: .*(does not exist|no such table)/m);
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(/^\s+at /m);
  }, 180_000); // two CLI processes (tsx start-up): slow only on a loaded machine

  it("every command has a bad-input case here", async () => {
    expect(Object.keys(CASES).sort()).toEqual(["help", ...(await commandNames())].sort());
  });
});
