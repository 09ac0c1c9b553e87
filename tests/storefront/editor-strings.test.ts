/**
 * Every editor string in English and German: one key set, the same placeholders, German text of its own (not
 * the English fallback), and every key the editor's code asks for exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STRINGS, translator } from "../../app/storefront/editor/strings";

/** keys whose German is the English word ("Text") */
const SAME_WORD = new Set(["text_label"]);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("editor strings", () => {
  it("have the same keys and placeholders in en and de, and German of their own", () => {
    const en = STRINGS.en as Record<string, string>, de = STRINGS.de as Record<string, string>;
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en)) {
      expect(placeholders(de[k]), k).toEqual(placeholders(en[k]));
      expect(de[k].trim().length, k).toBeGreaterThan(0);
      // a German string identical to the English one is a forgotten translation, unless it is the same word
      if (!SAME_WORD.has(k)) expect(de[k], k).not.toBe(en[k]);
    }
    expect(translator("de-DE")("save")).toBe("Design speichern");
    expect(translator("fr")("save")).toBe("Save design");
  });

  it("has every key the editor's code uses", () => {
    const dir = "app/storefront/editor";
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      for (const m of readFileSync(path.join(dir, f), "utf8").matchAll(/\bt\("(\w+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(25);
    for (const k of used) expect(Object.keys(STRINGS.en), k).toContain(k);
  });
});
