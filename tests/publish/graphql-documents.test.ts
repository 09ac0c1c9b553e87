/**
 * Every Admin GraphQL document in app/ (template literals starting with `#graphql`) validates against the pinned
 * 2026-04 schema. A field Shopify removed or a typo fails here, before any merchant's publish.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../doubles/shopify-admin";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/**
 * `#graphql ...` template literals. An interpolation may only name a number or string constant of the same file
 * (it is substituted); anything else cannot be checked statically and fails (use variables).
 */
export function graphqlDocuments(root = "app"): { file: string; text: string }[] {
  return sourceFiles(root).flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const constant = (name: string) => /^\s*(\d+(?:\.\d+)?|"[^"]*")\s*;/m.exec(source.split(new RegExp(`\\bconst\\s+${name}\\s*(?::[^=]+)?=`))[1] ?? "")?.[1];
    return [...source.matchAll(/`\s*#graphql[ \t]*\n([^`]*)`/g)].map((m) => {
      const text = m[1].replace(/\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g, (all, name: string) => {
        const v = constant(name);
        if (v === undefined) throw new Error(`${file}: a #graphql document interpolates \${${name}}, which is not a constant of the file (use variables)`);
        return v.startsWith('"') ? v.slice(1, -1) : v;
      });
      if (text.includes("${")) throw new Error(`${file}: a #graphql document must not interpolate expressions (use variables)`);
      return { file, text };
    });
  });
}

describe("GraphQL documents in app/", () => {
  const docs = graphqlDocuments();

  it("finds the publish step's documents", () => {
    const names = docs.map((d) => /(?:query|mutation)\s+(\w+)/.exec(d.text)?.[1]);
    expect(names).toEqual(expect.arrayContaining(["PublishProductState", "PublishMediaNodes", "PublishStagedUploads", "PublishProductMedia", "PublishVariantDetach", "PublishVariantAppend", "PublishFileDelete", "PublishMetafieldsSet"]));
  });

  it("each validates against the pinned Admin schema and names its operation", () => {
    const schema = adminSchema();
    const problems: string[] = [];
    for (const d of docs) {
      const doc = parse(d.text);
      for (const e of validate(schema, doc)) problems.push(`${d.file}: ${e.message}`);
      for (const def of doc.definitions) if (def.kind === "OperationDefinition" && !def.name) problems.push(`${d.file}: anonymous operation`);
    }
    expect(problems).toEqual([]);
  });

  it("would catch a broken document (the check is real)", () => {
    const errors = validate(adminSchema(), parse(`query X { product(id: "1") { id notAField } }`));
    expect(errors.map((e) => e.message).join()).toMatch(/notAField/);
  });
});
