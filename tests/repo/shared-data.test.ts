// The one way to the shared test data: env or ../shared beside the repository, never the working directory.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, sharedDir, SharedDataMissingError, sharedPath } from "../helpers/shared-data";

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe("shared test data", () => {
  it("defaults to ../shared beside the repository root, whatever the working directory", () => {
    process.chdir(path.join(REPO_ROOT, "tests"));
    expect(sharedDir({})).toBe(path.resolve(REPO_ROOT, "../shared"));
    expect(sharedPath("samples/models", {})).toBe(path.resolve(REPO_ROOT, "../shared/samples/models"));
  });

  it("MOCKUP_SHARED_DIR moves it (relative values from the repository root)", () => {
    expect(sharedDir({ MOCKUP_SHARED_DIR: "/srv/data" })).toBe(path.resolve("/srv/data"));
    expect(sharedDir({ MOCKUP_SHARED_DIR: "elsewhere" })).toBe(path.join(REPO_ROOT, "elsewhere"));
    expect(sharedDir({ MOCKUP_SHARED_DIR: "  " })).toBe(path.resolve(REPO_ROOT, "../shared"));
  });

  it("missing data is one clear error naming the file, the folder and the variable", () => {
    const env = { MOCKUP_SHARED_DIR: "no-such-folder" };
    expect(() => sharedPath("samples/models", env)).toThrow(SharedDataMissingError);
    expect(() => sharedPath("samples/models", env)).toThrow(
      `shared test data not found: samples/models (looked in ${path.join(REPO_ROOT, "no-such-folder")}, from MOCKUP_SHARED_DIR); set MOCKUP_SHARED_DIR to the folder that holds samples/ and shopify/`,
    );
  });

  it("a path cannot leave the shared folder", () => {
    expect(() => sharedPath("../main/package.json")).toThrow(/leaves the shared folder/);
  });
});
