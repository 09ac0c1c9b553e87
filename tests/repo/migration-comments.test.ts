/**
 * Prisma's schema engine splits a Postgres migration script on ";" without knowing about comments, so a semicolon
 * in a "--" comment ends a statement mid-comment and the rest of the line is run as SQL ("syntax error at or near
 * …"); 20261202005706_worker_roles shipped one. SQLite runs a script whole and tolerates it (its copy keeps the
 * comment as applied, so its checksum in existing embedded databases stays valid); the Postgres scripts must not.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/shared-data";

const DIRS = ["prisma/postgres/migrations"];

describe("migration scripts", () => {
  it("have no semicolon inside a -- comment (Postgres scripts)", () => {
    const offenders: string[] = [];
    let scripts = 0;
    for (const dir of DIRS) {
      for (const name of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
        if (!name.isDirectory()) continue;
        const file = path.join(dir, name.name, "migration.sql");
        scripts++;
        readFileSync(path.join(REPO_ROOT, file), "utf8")
          .split("\n")
          .forEach((line, i) => {
            const comment = line.indexOf("--");
            if (comment >= 0 && line.slice(comment).includes(";")) offenders.push(`${file}:${i + 1}`);
          });
      }
    }
    expect(scripts).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
