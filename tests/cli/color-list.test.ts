/** The one colour-list parser of the CLI (`--colors` of run and catalog, `--variants` of asset optimize). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { colorListArg } from "../../app/cli/args";
import { UsageError } from "../../app/cli/types";
import { DEFAULTS as COLOR_DEFAULTS } from "../../app/contracts/colour";
import { REG, useCliHarness } from "./harness";

const h = useCliHarness();

describe("colorListArg", () => {
  it("reads Name=#RRGGBB and bare #RRGGBB entries, in order, hex upper case, spaces trimmed", () => {
    expect(colorListArg("colors", " Forest Green=#2e8b57 , Beige=#F5DEB3,#000000,,")).toEqual([
      { name: "Forest Green", hex: "#2E8B57" },
      { name: "Beige", hex: "#F5DEB3" },
      { name: "#000000", hex: "#000000" },
    ]);
    // a name may hold "=": the last one splits
    expect(colorListArg("variants", "a=b=#FFFFFF")).toEqual([{ name: "a=b", hex: "#FFFFFF" }]);
  });

  const bad: [string, string, RegExp][] = [
    ["a bad hex", "Black=#00000G", /^--colors: "Black=#00000G" is not NAME=#RRGGBB or #RRGGBB$/],
    ["a hex without #", "Black=000000", /"Black=000000" is not NAME=#RRGGBB/],
    ["an empty name", "=#000000", /"=#000000" is not NAME=#RRGGBB/],
    ["a CSS name", "black", /"black" is not NAME=#RRGGBB/],
    ["a name over 64 characters", `${"x".repeat(65)}=#000000`, /the name must be 1 to 64 characters/],
    ["a name twice", "A=#000000,A=#FFFFFF", /^--colors: "A" listed twice$/],
    ["a hex twice without names", "#000000,#000000", /"#000000" listed twice/],
    ["nothing", " , ", /^--colors: at least one NAME=#RRGGBB$/],
    ["too many", Array.from({ length: COLOR_DEFAULTS.maxColors + 1 }, (_, i) => `c${i}=#000000`).join(","), /at most 30 colours \(got 31\)/],
  ];
  for (const [what, text, msg] of bad) {
    it(`refuses ${what} with a message naming the flag and the entry`, () => {
      expect(() => colorListArg("colors", text)).toThrow(UsageError);
      expect(() => colorListArg("colors", text)).toThrow(msg);
    });
  }
});

describe("every command that takes colours uses it (exit 2, one message, the usage)", () => {
  const cases: [string, string[], RegExp][] = [
    ["run --colors", ["run", "--model", "tee", "--colors", "Black=#00000G"], /--colors: "Black=#00000G" is not NAME=#RRGGBB/],
    ["catalog --colors", ["catalog", "--designs", ".", "--models", "tee", "--colors", "Black=#111111,Black=#222222", "--out", "x"], /--colors: "Black" listed twice/],
    ["asset optimize --variants", ["asset", "optimize", "in.glb", "out.glb", "--variants", "Black=000000"], /--variants: "Black=000000" is not NAME=#RRGGBB/],
  ];
  beforeAll(() => writeFileSync(path.join(h.dir, "in.glb"), "glTF"));
  for (const [what, args, msg] of cases) {
    it(what, async () => {
      const r = await h.mockup(args.map((a) => (a === "in.glb" ? path.join(h.dir, a) : a)), REG);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err).toContain("usage: mockup");
    });
  }
});
