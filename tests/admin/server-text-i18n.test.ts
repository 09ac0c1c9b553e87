/**
 * Server-made text in the merchant's language (decision 093): stored notifications, job errors, health details
 * and validation issues carry message keys + values, rendered in English and German; the English text stays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productSetupSchema } from "../../app/contracts/product-setup";
import { hexSchema } from "../../app/contracts/colour";
import { translator } from "../../app/i18n/catalog.server";
import { CONTRACT_MESSAGES, zodIssueMsg, zodIssues } from "../../app/i18n/issues.server";
import { issueText, msg, parseMsgs, renderMsg } from "../../app/i18n/message";
import { storedText } from "../../app/i18n/stored.server";
import { healthDetailMsg, checkHealth, resetBlenderCache } from "../../app/monitoring/health.server";
import { getJob } from "../../app/pipeline/jobs";
import { notifyPublish, tellMediaLimitOnce } from "../../app/publish/notify";
import { handleProductWebhook, parseProductPayload } from "../../app/shopify/product-webhook.server";
import { loadJobDetail } from "../../app/shopify/job-actions.server";
import { saveSetup, SetupInputError } from "../../app/shopify/product-setup.server";
import { saveSettings, SettingsInputError } from "../../app/shopify/settings.server";
import { fixture, ok, scripted, SHOP, type Fixture } from "../pipeline/helpers";

const en = translator("en");
const de = translator("de");
let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => f.close());

/** every message of a stored row, in both languages */
async function notes() {
  const rows = await f.t.db.notification.findMany({ where: { shop: SHOP }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => {
    const lines = parseMsgs(r.messageI18n);
    expect(lines, r.message).not.toBeNull();
    return { message: r.message, en: lines!.map((l) => renderMsg(en, l)).join("\n"), de: lines!.map((l) => renderMsg(de, l)).join("\n") };
  });
}

describe("stored notifications", () => {
  it("a webhook's unknown colour: keys stored, English text unchanged, German rendered", async () => {
    await f.t.db.notification.deleteMany();
    const product = parseProductPayload({
      id: 7001,
      admin_graphql_api_id: "gid://shopify/Product/7001",
      title: "Organic Tee",
      product_type: "T-Shirt",
      updated_at: "2026-11-25T10:00:00Z",
      options: [{ name: "Color", values: ["Black", "Galaxy Swirl"] }],
    });
    await handleProductWebhook(f.t.db, { shop: SHOP, webhookId: "w1" }, product);
    const [n] = await notes();
    expect(n.message).toBe(`Product "Organic Tee": colour "Galaxy Swirl" not recognised and skipped. Set the colours in the product's setup.`);
    expect(n.en).toBe(n.message);
    expect(n.de).toBe(`Produkt „Organic Tee“: Farbe "Galaxy Swirl" nicht erkannt und übersprungen. Lege die Farben in der Einrichtung des Produkts fest.`);
  });

  it("publish lines (nested role and view messages) and the media-limit notice", async () => {
    await f.t.db.notification.deleteMany();
    const product = msg("msg.publish.product", { title: "Merino Tee" });
    const role = msg("msg.publish.roleImage", { color: "Beige", view: msg("msg.publish.view.three_quarter") });
    await notifyPublish(f.t.db, SHOP, null, [msg("msg.publish.mediaProcessing", { product, role })], [msg("msg.publish.mediaDeleted", { product, role: msg("msg.publish.roleModel") })]);
    await tellMediaLimitOnce(f.t.db, SHOP, "Merino Tee");
    const [warn, info, limit] = await notes();
    expect(warn.message).toBe(`Product "Merino Tee": the Beige image (three quarter view) is still processing in Shopify; the next publish picks it up.`);
    expect(warn.de).toBe(`Produkt „Merino Tee“: das Bild in Beige (Ansicht Dreiviertel) wird in Shopify noch verarbeitet; die nächste Veröffentlichung übernimmt es.`);
    expect(info.de).toMatch(/^Produkt „Merino Tee“: das 3D-Modell wurde in Shopify gelöscht/);
    expect(limit.message).toMatch(/limit of hosted 3D models is reached \(first seen publishing product "Merino Tee"\)/);
    expect(limit.de).toMatch(/Limit deines Shopify-Tarifs für gehostete 3D-Modelle ist erreicht \(zuerst beim Veröffentlichen von „Merino Tee“\)/);
  });
});

describe("job errors", () => {
  it("a failed job stores its error frame as a key: German frame, the provider's cause kept; a blocked step says why", async () => {
    const reg = f.registry({ maxAttempts: 1 });
    reg.register(scripted("only", "t.bad", () => {
      throw new Error("disk on fire");
    }));
    reg.register(scripted("local", "t.good", () => ok()));
    const w = f.worker(reg).start();
    const { createJob } = await import("../../app/pipeline/jobs");
    const j = await createJob(f.t.db, { shop: SHOP, type: "product", input: {}, steps: [{ name: "render", capability: "t.bad" }, { name: "after", capability: "t.good", dependsOn: ["render"] }] });
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("failed");
    const job = (await getJob(f.t.db, SHOP, j.id))!;
    expect(job.error).toContain('step "render" failed: ');
    expect(job.errorMsg).not.toBeNull();
    expect(renderMsg(en, job.errorMsg!)).toBe(job.error);
    expect(renderMsg(de, job.errorMsg!)).toMatch(/^Schritt „render“ fehlgeschlagen: .*disk on fire/);
    const detail = (await loadJobDetail(f.t.db, SHOP, j.id))!;
    expect(renderMsg(de, detail.errorMsg!)).toBe(renderMsg(de, job.errorMsg!));
    const after = detail.steps.find((s) => s.name === "after")!;
    expect(after.status).toBe("skipped");
    expect(renderMsg(de, after.errorMsg!)).toBe("nicht ausgeführt: ein Schritt, von dem er abhängt, ist fehlgeschlagen");
  });
});

describe("health details", () => {
  it("every detail the health check writes has a German text; /healthz keeps English", async () => {
    resetBlenderCache();
    const report = await checkHealth({ db: f.t.db, blobs: f.blobs, blenderPath: null, heartbeatMaxAgeSec: 60 });
    expect(report.checks.blender.detail).toBe("Blender not found: hero renders use the compositor");
    for (const detail of [report.checks.blender.detail!, "no worker has reported", "unreachable", "timed out after 2000 ms", "no worker heartbeat for 75 s", "unknown (database unreachable)"]) {
      const m = healthDetailMsg(detail);
      expect(m.key, detail).not.toBe("msg.raw");
      expect(renderMsg(en, m)).toBe(detail);
      expect(renderMsg(de, m)).not.toBe(detail);
    }
    expect(renderMsg(de, healthDetailMsg("no worker heartbeat for 75 s"))).toBe("seit 75 s kein Lebenszeichen eines Workers");
  });
});

describe("validation issues", () => {
  it("settings: a custom check (https) and a zod check (too long) in German", async () => {
    const err = await saveSettings(f.t.db, SHOP, { services: { mockey: { baseUrl: "http://mockey.example" } }, providers: { "model.fetch": [{ name: "x".repeat(41), enabled: true }] } }, { registered: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsInputError);
    const texts = (err as SettingsInputError).details.map((i) => issueText(de, i));
    expect(texts).toContain("services.mockey.baseUrl: die Basis-URL muss https:// verwenden (http:// nur für localhost)");
    expect(texts).toContain("providers.model.fetch.0.name: höchstens 40 Zeichen");
    // the English strings API clients read are unchanged
    expect((err as SettingsInputError).issues.join()).toMatch(/services\.mockey\.baseUrl: base URL must use https:\/\//);
  });

  it("product setup: an unknown model and another shop's design in German; nothing written", async () => {
    const err = await saveSetup(f.t.db, SHOP, "gid://shopify/Product/1", "Tee", {
      modelName: "spaceship",
      colors: [{ name: "Black", hex: "#000000" }],
      views: ["front"],
      placements: [{ view: "front", designId: "not-ours", placement: { area: "front", scale: 0.5, offsetX: 0, offsetY: 0, rotationDeg: 0 } }],
      enabled: true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetupInputError);
    const texts = (err as SetupInputError).issues.map((i) => issueText(de, i));
    expect(texts).toContain("modelName: kein Modell „spaceship“ in der Bibliothek");
    expect(texts).toContain("placements.0.designId: Design nicht gefunden");
    expect((err as SetupInputError).issues.map((i) => issueText(en, i))).toContain('modelName: no model "spaceship" in the library');
    expect(await f.t.db.productSetup.count()).toBe(0);
  });

  it("zod's own checks map to our keys; the contracts' messages are the ones their schemas give", () => {
    const tooMany = productSetupSchema.safeParse({ modelName: "Tee!", colors: [], views: ["front"], placements: [], enabled: "yes" });
    expect(tooMany.success).toBe(false);
    const byPath = Object.fromEntries(zodIssues(tooMany.error!.issues).map((i) => [i.path, renderMsg(de, i.msg)]));
    expect(byPath).toMatchObject({ modelName: "das Modell muss ein Name aus der Bibliothek sein, z. B. tee oder hoodie", colors: "mindestens 1 Eintrag", enabled: "erwartet: wahr oder falsch" });
    const hex = hexSchema.safeParse("green");
    expect(hex.error!.issues[0].message).toBe(Object.keys(CONTRACT_MESSAGES).find((k) => CONTRACT_MESSAGES[k] === "msg.input.hex"));
    expect(renderMsg(de, zodIssueMsg(hex.error!.issues[0]))).toBe("die Farbe muss #RRGGBB sein");
  });

  it("storedText keeps the English message and the keys of every line", () => {
    const s = storedText([msg("msg.health.noWorker"), msg("msg.job.cancelled")]);
    expect(s.message).toBe("no worker has reported\ncancelled");
    expect(parseMsgs(s.messageI18n)!.map((m) => renderMsg(de, m))).toEqual(["kein Worker hat sich gemeldet", "abgebrochen"]);
    expect(parseMsgs("not json")).toBeNull();
  });
});
