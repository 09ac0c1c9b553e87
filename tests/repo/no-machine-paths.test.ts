/**
 * The repository stands alone: no tracked file names a folder of one particular machine (a checkout under
 * /work, a home folder, a fixed temp file). Such a path passes here and breaks in a clone placed
 * elsewhere; tests find shared data through tests/helpers/shared-data.ts, temp files through os.tmpdir().
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/shared-data";

/** An absolute path into a machine-specific folder, at the start of a string, a word or a line. */
const MACHINE_PATH = /(?:^|[\s"'`(=:,[])((?:\/(?:work|home|Users|root|mnt|media|private\/var|tmp)\/[\w.@-]+)|(?:[A-Za-z]:\\(?:Users|work)\\))/m;

function trackedTextFiles(): string[] {
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  // .gitignore patterns start with "/" but are relative to the repository
  return files.filter((f) => path.basename(f) !== ".gitignore");
}

describe("no absolute machine path in the repository", () => {
  it("the pattern catches what it is for, and not repository-relative paths", () => {
    // written as root("…") so this file does not trip its own check
    const root = (p: string) => `/${p}`;
    for (const bad of [`readFileSync("${root("work/shared/samples/x.glb")}")`, `cd ${root("home/dev/app")}`, `\`${root("tmp/mockup-test-1")}\``, "C:\\Users\\dev\\x", `out: '${root("Users/me/x")}'`]) {
      expect(MACHINE_PATH.test(bad), bad).toBe(true);
    }
    for (const ok of ["<root>/tmp/<pid>.part", "app/blender/worker.py", "../shared/samples", "/usr/bin/chromium", 'HOME: env.HOME ?? "/tmp"', "https://x.test/work/1"]) {
      expect(MACHINE_PATH.test(ok), ok).toBe(false);
    }
  });

  it("no tracked text file contains one", () => {
    const hits: string[] = [];
    for (const f of trackedTextFiles()) {
      let text: string;
      try {
        const buf = readFileSync(path.join(REPO_ROOT, f));
        if (buf.includes(0)) continue; // binary (GLB, PNG, fonts)
        text = buf.toString("utf8");
      } catch {
        continue; // deleted in the work tree but not yet in the index
      }
      text.split("\n").forEach((line, i) => {
        const m = MACHINE_PATH.exec(line);
        if (m) hits.push(`${f}:${i + 1}: ${m[1]}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
