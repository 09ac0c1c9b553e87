/** The CLI as a child process: dispatch, help, exit codes; bad arguments create nothing. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REG, useCliHarness } from "./harness";

const h = useCliHarness();
const { mockup, rows } = h;

describe("dispatch", () => {
  it("help lists every command with its summary", async () => {
    const r = await mockup(["help"]);
    expect(r.code).toBe(0);
    for (const [name, words] of [["jobs", "list recent jobs"], ["job", "show one job"], ["retry", "re-queue"], ["run", "product pipeline"], ["worker", "worker"]]) {
      expect(r.out).toMatch(new RegExp(`^\\s+${name}\\s+.*${words}`, "m"));
    }
    const one = await mockup(["help", "run"]);
    expect(one.code).toBe(0);
    expect(one.out).toContain("usage: mockup run --model");
  });

  it("refuses unknown or path-like command names with exit 2", async () => {
    for (const name of ["nope", "../../etc/passwd", "types", "Jobs"]) {
      const r = await mockup([name]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("unknown command");
      expect(r.err).toMatch(/commands: help, .*job, jobs/);
    }
    expect((await mockup([])).code).toBe(2);
  });
});

describe.concurrent("bad arguments: exit 2, clear message, nothing created", () => {
  const cases: [string, string[], RegExp][] = [
    ["missing --model", ["run", "--colors", "Black=#000000"], /--model is required/],
    ["missing --colors", ["run", "--model", "tee"], /--colors is required/],
    ["bad colour", ["run", "--model", "tee", "--colors", "Black=#00000G"], /"Black=#00000G" is not NAME=#RRGGBB/],
    ["duplicate colour", ["run", "--model", "tee", "--colors", "A=#000000,A=#FFFFFF"], /"A" listed twice/],
    ["bad model", ["run", "--model", "../tee", "--colors", "A=#000000"], /--model: model must be a library name/],
    ["bad view", ["run", "--model", "tee", "--colors", "A=#000000", "--views", "sideways"], /--views/],
    ["bad size", ["run", "--model", "tee", "--colors", "A=#000000", "--size", "999"], /--size/],
    ["unknown option", ["run", "--model", "tee", "--colour", "A=#000000"], /Unknown option '--colour'/],
    ["bad shop", ["run", "--model", "tee", "--colors", "A=#000000", "--shop", "http://x"], /invalid --shop/],
    ["missing design file", ["run", "--model", "tee", "--colors", "A=#000000", "--design", "/nonexistent.png"], /--design: \/nonexistent.png is not a readable file/],
    ["jobs --limit", ["jobs", "--limit", "ten"], /--limit must be an integer/],
    ["jobs --status", ["jobs", "--status", "done"], /--status must be one of/],
    ["job without id", ["job"], /expected 1 argument/],
    ["job bad id", ["job", "x'; DROP TABLE Job;--"], /invalid job id/],
    ["worker --limit", ["worker", "--limit", "render.hero"], /--limit must look like render.hero=2/],
    ["worker --capabilities bad glob", ["worker", "--capabilities", "render.*,garment*"], /--capabilities: "garment\*" is not a capability pattern: use a capability \(render.hero\), a family \(render.\*\)/],
    ["worker --capabilities empty", ["worker", "--capabilities", " , "], /--capabilities: names no capability/],
  ];
  for (const [what, args, msg] of cases) {
    it(what, async () => {
      const r = await mockup(args, REG);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err).toContain("usage: mockup");
      expect(await rows()).toEqual([0, 0, 0, 0]);
    });
  }

  it("a design that is not an image", async () => {
    const bogus = path.join(h.dir, "design.png");
    writeFileSync(bogus, "<svg onload=alert(1)>not really a png</svg>");
    const r = await mockup(["run", "--model", "tee", "--colors", "A=#000000", "--design", bogus], REG);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--design: \S+design\.png was rejected: the SVG contains event handlers/);
    expect(await rows()).toEqual([0, 0, 0, 0]);
  });
});

