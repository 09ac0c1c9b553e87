/** The admin's messages: German covers every English key, placeholders agree, locales resolve as Shopify sends them. */
import { describe, expect, it } from "vitest";
import { modelTitle } from "../../app/admin/model-title";
import { NAV } from "../../app/admin/nav";
import { messagesFor, translator } from "../../app/i18n/catalog.server";
import { requestLocale, resolveLocale } from "../../app/i18n/locale";
import { makeT, type Messages } from "../../app/i18n/translate";

function leaves(m: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("messages", () => {
  const en = leaves(messagesFor("en"));
  const de = leaves(messagesFor("de"));

  it("German has exactly the English keys, with the same placeholders, and is not English copied", () => {
    expect([...de.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) expect(placeholders(de.get(k)!), k).toEqual(placeholders(v));
    const same = [...en].filter(([k, v]) => de.get(k) === v).map(([k]) => k);
    // names and words German shares with English (OK, Designs, Blender, Mockups, 3D …) only
    expect(same.length).toBeLessThan(en.size * 0.12);
  });

  it("every navigation entry has a label in both languages", () => {
    for (const n of NAV) {
      expect(en.has(n.label), n.label).toBe(true);
      expect(de.has(n.label), n.label).toBe(true);
    }
  });

  it("t() interpolates, falls back to English on the server, and shows a missing key as itself", () => {
    const t = translator("de");
    expect(t("designs.size", { width: 1200, height: 800 })).toBe("1200 × 800 px");
    expect(t("home.recentJobs")).toBe("Letzte Aufträge");
    expect(makeT({ a: "x" }, { b: "English b" })("b")).toBe("English b");
    expect(t("no.such.key")).toBe("no.such.key");
  });
});

describe("plural forms", () => {
  it("t() picks key_one / key_other by count in the catalogue's language", () => {
    const en = translator("en");
    const de = translator("de");
    expect(en("home.degradedBody", { count: 1 })).toMatch(/^1 recent job used/);
    expect(en("home.degradedBody", { count: 3 })).toMatch(/^3 recent jobs used/);
    expect(en("health.strandedDetail", { count: 1, capabilities: "render.*" })).toBe("1 job waits for render.*: no running worker takes it");
    expect(de("health.strandedDetail", { count: 2, capabilities: "render.*" })).toBe("2 Aufträge warten auf render.*: kein laufender Worker übernimmt sie");
    expect(de("products.bulkStarted", { count: 1 })).toBe("1 Auftrag gestartet.");
    expect(de("products.bulkStarted", { count: 0 })).toBe("0 Aufträge gestartet.");
    // the browser's t() (no fallback catalogue) takes the locale too
    expect(makeT(messagesFor("de"), undefined, "de")("product.versionMedia", { count: 1 })).toBe("1 Bild");
    // a key without forms is used as it is; a count given as text (formatted) never picks a form
    expect(makeT({ a: "plain {count}" })("a", { count: 1 })).toBe("plain 1");
    expect(makeT({ a_one: "one {count}", a_other: "many {count}" })("a", { count: "1" })).toBe("a");
  });

  it("no message writes a plural by hand (job(s), Auftrag/Aufträge, Produkt(e))", () => {
    const hand = /\w\((s|e|n)\)|Auftrag\/Aufträge|Produkt\/Produkte/;
    for (const [k, v] of [...leaves(messagesFor("en")), ...leaves(messagesFor("de"))]) expect(hand.test(v), `${k}: ${v}`).toBe(false);
  });
});

describe("model titles", () => {
  it("built-in models in the merchant's language, imported ones as their marketplace named them", () => {
    expect(modelTitle(translator("de"), { name: "tee", title: "Classic T-shirt" })).toBe("Klassisches T-Shirt");
    expect(modelTitle(translator("en"), { name: "hoodie", title: "x" })).toBe("Pullover hoodie");
    expect(modelTitle(translator("de"), { name: "cgt-4711", title: "Vintage jacket" })).toBe("Vintage jacket");
  });
});

describe("locale", () => {
  it("takes Shopify's locale parameter (any region), else Accept-Language, else English", () => {
    expect(resolveLocale("de")).toBe("de");
    expect(resolveLocale("de-CH")).toBe("de");
    expect(resolveLocale("en-US")).toBe("en");
    expect(resolveLocale("fr")).toBe("en");
    expect(resolveLocale(undefined)).toBe("en");
    expect(requestLocale(new Request("https://a.test/app?locale=de-AT"))).toBe("de");
    expect(requestLocale(new Request("https://a.test/app", { headers: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" } }))).toBe("de");
    expect(requestLocale(new Request("https://a.test/app?locale=ja", { headers: { "Accept-Language": "de" } }))).toBe("en");
  });
});
