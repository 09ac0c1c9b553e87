/**
 * The settings form for the shopper editor's rules (app/admin/editor-policy.server.ts): refusals are message keys
 * tagged with their field (the form shows each beside its input, en/de), nothing is written when any is refused, and
 * what is saved is what the storefront's editor-config answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorAreaOptions, saveEditorPolicyForm } from "../../app/admin/editor-policy.server";
import { readEditorPolicy } from "../../app/storefront/design-documents.server";
import type { TestDb } from "../helpers/db";
import { installTestDb } from "../shopify/env";

const SHOP = "policy-form.myshopify.com";
let t: TestDb;
beforeAll(async () => {
  t = await installTestDb();
  await t.db.shop.create({ data: { domain: SHOP, settings: JSON.stringify({ retention: { days: 30 } }) } });
});
afterAll(async () => t?.drop());

const form = (o: Record<string, unknown> = {}) => ({ areas: ["front", "back"], fonts: ["inter-700"], colors: "#111111, ffffff", maxLayers: "6", uploads: true, ...o });

describe("editor rules form", () => {
  it("saves the rules (colours normalised) beside the shop's other settings", async () => {
    const r = await saveEditorPolicyForm(t.db, SHOP, form());
    expect(r.ok).toBe(true);
    expect(await readEditorPolicy(t.db, SHOP)).toEqual({ areas: ["front", "back"], fonts: ["inter-700"], colors: ["#111111", "#FFFFFF"], maxLayers: 6, uploads: true });
    const settings = JSON.parse((await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings);
    expect(settings.retention).toEqual({ days: 30 }); // kept
  });

  it("every area checked means no restriction (areas of models added later are allowed too)", async () => {
    const r = await saveEditorPolicyForm(t.db, SHOP, form({ areas: editorAreaOptions() }));
    expect(r.ok && r.policy.areas).toEqual([]);
  });

  it.each([
    ["no area", { areas: [] }, "areas", "msg.input.editorNoArea"],
    ["an unknown area", { areas: ["front", "hood_inside"] }, "areas", "msg.input.editorUnknownArea"],
    ["no font", { fonts: [] }, "fonts", "msg.input.editorNoFont"],
    ["a font not in the catalogue", { fonts: ["comic-sans"] }, "fonts", "msg.input.editorUnknownFont"],
    ["no colour", { colors: " , " }, "colors", "msg.input.editorNoColour"],
    ["a colour that is not one", { colors: "#111111, pink" }, "colors", "msg.input.editorColour"],
    ["too many colours", { colors: Array.from({ length: 25 }, (_, i) => `#0000${String(i).padStart(2, "0")}`).join(",") }, "colors", "msg.input.editorTooManyColours"],
    ["0 layers", { maxLayers: "0" }, "maxLayers", "msg.input.editorMaxLayers"],
    ["2.5 layers", { maxLayers: "2.5" }, "maxLayers", "msg.input.editorMaxLayers"],
    ["uploads not a boolean", { uploads: "yes" }, "uploads", "msg.input.invalidType"],
  ])("%s: refused beside its field, nothing written", async (_n, change, field, key) => {
    const before = (await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings;
    const r = await saveEditorPolicyForm(t.db, SHOP, form(change));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.msg.key])).toContainEqual([field, key]);
    expect(r.issues[0].message.length).toBeGreaterThan(5); // English for logs
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings).toBe(before);
  });
});
