/**
 * A CGTrader import end to end, through the orchestrator: the shop's encrypted credentials from Settings, the shared
 * connector policy and breakers, the double's real sample file, the asset processor, a validated GLB with its
 * triangle count in the library entry; the licence refusal (admin and provider); tenancy; drawn print areas (zod,
 * en/de messages, nothing changed on bad input) and the imported model in a product job like a built-in one.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../../app/assets/store/asset-store.server";
import { importStaleKey, startImport, searchCatalog } from "../../../app/connectors/cgtrader/import.server";
import { cgtraderAccessOn, cgtraderProviderOn } from "../../../app/connectors/cgtrader/wiring.server";
import { connectorKit, type ConnectorKit } from "../../../app/connectors/shared/connector";
import { getIO } from "../../../app/gltf/io";
import { readModelInfo } from "../../../app/gltf/model-info";
import { countTriangles } from "../../../app/gltf/stats";
import { validateGlb } from "../../../app/gltf/validate";
import { makeT } from "../../../app/i18n/translate";
import { getImported, importedInfos, listImported, PrintAreaInputError, savePrintAreas } from "../../../app/library/imported.server";
import { libraryProvider } from "../../../app/library/providers";
import { createJob, getJob } from "../../../app/pipeline/jobs";
import { productJobSpec } from "../../../app/pipeline/pipelines/product";
import type { Worker } from "../../../app/pipeline/worker";
import { saveSettings } from "../../../app/shopify/settings.server";
import { setupJobInputs } from "../../../app/shopify/product-setup.server";
import en from "../../../app/i18n/en.json";
import de from "../../../app/i18n/de.json";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../../doubles/cgtrader/server";
import { fixture, type Fixture } from "../../pipeline/helpers";
import { sharedPath } from "../../helpers/shared-data";

const SHOP = "cgt-import.myshopify.com";
const OTHER = "cgt-other.myshopify.com";
const samples = sharedPath("samples/models");
let f: Fixture;
let d: CgtraderDouble;
let kit: ConnectorKit;
let worker: Worker;

beforeAll(async () => {
  process.env.MOCKUP_ENCRYPTION_KEY = "2a".repeat(32);
  f = await fixture();
  d = await startCgtraderDouble({ samplesDir: samples });
  kit = connectorKit(f.t.db, { guard: { allowLoopback: true }, policy: { attemptTimeoutMs: 5000, initialDelayMs: 1, maxDelayMs: 5 }, breakers: { threshold: 50 } });
  const registry = f.registry();
  registry.register(libraryProvider({ db: () => f.t.db }));
  registry.register(cgtraderProviderOn(() => kit));
  worker = f.worker(registry);
  await worker.start();
  await saveSettings(f.t.db, SHOP, { services: { cgtrader: { baseUrl: d.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret } } }, { registered: {} });
});
afterAll(async () => {
  await f?.close();
  await d?.close();
});

const access = () => cgtraderAccessOn(kit);

describe("CGTrader import", () => {
  let entryId = "";

  it("search marks each model's licence and what the shop imported; a shop without credentials is told to connect", async () => {
    const r = await searchCatalog(f.t.db, SHOP, { keywords: "mug" }, access());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries(r.hits.map((h) => [h.id, h.commercial]))).toEqual({ "4101": true, "4102": true, "4105": false });
    expect(r.hits.every((h) => h.imported === null)).toBe(true);
    expect(await searchCatalog(f.t.db, OTHER, { keywords: "mug" }, access())).toEqual({ ok: false, error: "not_configured" });
  });

  it("imports a model end to end: signed download, asset processor, a valid GLB with its triangles in the library entry", async () => {
    const r = await startImport(f.t.db, SHOP, { id: "4102" }, access());
    expect(r).toMatchObject({ ok: true, created: true });
    if (!r.ok) return;
    entryId = r.entryId;
    expect((await getImported(f.t.db, SHOP, entryId))?.status).toBe("importing");
    const job = await worker.waitFor(r.jobId!);
    expect(job.status).toBe("succeeded");
    const entry = (await getImported(f.t.db, SHOP, entryId))!;
    expect(entry).toMatchObject({ status: "ready", source: "cgtrader", sourceId: "4102", author: "PrintView Studio", licence: "royalty_free", commercial: true, fileName: "mug_trellis.glb" });
    const file = readFileSync(path.join(samples, "mug_trellis.glb"));
    expect(entry.fileChecksum).toBe(createHash("sha256").update(file).digest("hex"));
    const row = await f.t.db.libraryEntry.findFirstOrThrow({ where: { id: entryId } });
    const glb = new Uint8Array(await new ShopAssetStore(SHOP, f.t.db, f.blobs).get(row.glbKey!));
    const report = await validateGlb(glb);
    expect(report.errors).toBe(0);
    const doc = await (await getIO()).readBinary(glb);
    expect(countTriangles(doc)).toBe(18_518);
    expect(entry.triangles).toBe(18_518);
    expect(readModelInfo(doc)).toMatchObject({ name: "cgt-4102", author: "PrintView Studio", licence: "royalty_free", printAreas: [] });
    const steps = (await getJob(f.t.db, SHOP, r.jobId!))!.steps;
    expect(steps.map((s) => [s.capability, s.provider, s.status])).toEqual([["model.fetch", "cgtrader", "succeeded"]]);
    // the short-lived signed URL is fetched at once and stored nowhere
    const stored = JSON.stringify([await f.t.db.jobStep.findMany({}), await f.t.db.libraryEntry.findMany({}), await f.t.db.stepCache.findMany({})]);
    expect(stored).not.toMatch(/X-Amz-Signature|\/downloads\//);
    expect(d.calls.filter((c) => c.target === "download")).toHaveLength(1);
  });

  it("the same model again starts nothing; search shows it imported", async () => {
    const again = await startImport(f.t.db, SHOP, { id: "4102" }, access());
    expect(again).toMatchObject({ ok: true, created: false, entryId });
    const r = await searchCatalog(f.t.db, SHOP, { keywords: "ceramic" }, access());
    expect(r.ok && r.hits[0]?.imported).toEqual({ id: entryId, status: "ready" });
  });

  it("refuses a model whose licence does not allow commercial use: nothing written, no job", async () => {
    const jobsBefore = await f.t.db.job.count();
    expect(await startImport(f.t.db, SHOP, { id: "4105" }, access())).toEqual({ ok: false, error: "licence", detail: "editorial" });
    expect(await f.t.db.libraryEntry.count({ where: { sourceId: "4105" } })).toBe(0);
    expect(await f.t.db.job.count()).toBe(jobsBefore);
  });

  it("the provider refuses it too (an import job made without the admin), after one attempt, storing nothing", async () => {
    const assetsBefore = await f.t.db.asset.count({ where: { shop: SHOP } });
    const downloadsBefore = d.calls.filter((c) => c.target === "download").length;
    const job = await createJob(f.t.db, {
      shop: SHOP,
      type: "library-import",
      steps: [{ name: "fetch", capability: "model.fetch", params: { model: "cgt-4105", source: { vendor: "cgtrader", id: "4105" } } }],
    });
    await worker.waitFor(job.id);
    const done = (await getJob(f.t.db, SHOP, job.id))!;
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/licence "editorial" does not allow commercial use/);
    expect(done.steps[0]?.attempts).toBe(1);
    expect(d.calls.filter((c) => c.target === "download").length).toBe(downloadsBefore);
    expect(await f.t.db.asset.count({ where: { shop: SHOP } })).toBe(assetsBefore);
  });

  it("another shop's entry id is not found (read, print areas)", async () => {
    expect(await getImported(f.t.db, OTHER, entryId)).toBeNull();
    expect(await savePrintAreas(f.t.db, OTHER, entryId, [])).toBeNull();
    expect(await listImported(f.t.db, OTHER)).toEqual([]);
    expect(await importedInfos(f.t.db, OTHER)).toEqual([]);
  });

  const good = { name: "wrap", uv: { u0: 0.36, v0: 0.14, u1: 0.67, v1: 0.34 }, widthCm: 20, heightCm: 8 };
  const tEn = makeT(en as never);
  const tDe = makeT(de as never, en as never);

  it.each([
    ["an inverted rectangle", [{ ...good, uv: { u0: 0.6, v0: 0.1, u1: 0.4, v1: 0.3 } }], "cgtrader.printArea.error.rect"],
    ["a rectangle outside the layout", [{ ...good, uv: { u0: 0.5, v0: 0.1, u1: 1.4, v1: 0.3 } }], "cgtrader.printArea.error.rect"],
    ["a size of 0 cm", [{ ...good, widthCm: 0 }], "cgtrader.printArea.error.size"],
    ["a size of 900 cm", [{ ...good, heightCm: 900 }], "cgtrader.printArea.error.size"],
    ["an unknown area name", [{ ...good, name: "sole" }], "cgtrader.printArea.error.name"],
    ["the same name twice", [good, good], "cgtrader.printArea.error.duplicate"],
    ["a sliver", [{ ...good, uv: { u0: 0.4, v0: 0.1, u1: 0.405, v1: 0.3 } }], "cgtrader.printArea.error.tooSmall"],
    ["not a list", { name: "front" }, "cgtrader.printArea.error.invalid"],
  ])("refuses %s with a clear en/de message and changes nothing", async (_what, input, key) => {
    const err = await savePrintAreas(f.t.db, SHOP, entryId, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintAreaInputError);
    expect((err as PrintAreaInputError).issues.map((i) => i.key)).toContain(key);
    expect(tEn(key)).not.toBe(key);
    expect(tDe(key)).not.toBe(tEn(key)); // a German text of its own, not the English fallback
    expect((await f.t.db.libraryEntry.findFirstOrThrow({ where: { id: entryId } })).printAreas).toBe("[]");
  });

  it("a drawn print area makes the imported model usable like a built-in one: setup, product job, GLB with the area", async () => {
    const saved = await savePrintAreas(f.t.db, SHOP, entryId, [good]);
    expect(saved?.printAreas).toEqual([good]);
    const info = (await importedInfos(f.t.db, SHOP)).find((m) => m.name === "cgt-4102")!;
    expect(info.printAreas.map((a) => a.name)).toEqual(["wrap"]);
    const inputs = await setupJobInputs(f.t.db, SHOP, { modelName: "cgt-4102", colors: [{ name: "White", hex: "#FFFFFF" }], views: ["front"], placements: [], designId: null });
    expect(inputs.modelRevision).toBe(info.revision);
    const spec = productJobSpec({ shop: SHOP, productId: "local-mug", ...inputs, publish: false });
    const modelStep = spec.steps.find((s) => s.name === "model")!;
    expect(modelStep.params).toEqual({ model: "cgt-4102", revision: info.revision });
    // only the model step: the local provider serves the imported entry with its print area inside the GLB
    const job = await createJob(f.t.db, { shop: SHOP, type: "product", steps: [modelStep] });
    await worker.waitFor(job.id);
    const done = (await getJob(f.t.db, SHOP, job.id))!;
    expect(done.status).toBe("succeeded");
    expect(done.steps[0]?.provider).toBe("local");
    const out = done.steps[0]!.output!;
    expect((out.data.info as { printAreas: unknown[] }).printAreas).toEqual([good]);
    const glb = new Uint8Array(await new ShopAssetStore(SHOP, f.t.db, f.blobs).get(out.assets.glb));
    expect(readModelInfo(await (await getIO()).readBinary(glb))?.printAreas).toEqual([good]);
    // a new revision after the areas change: the earlier step result is not served from the cache
    await savePrintAreas(f.t.db, SHOP, entryId, [{ ...good, widthCm: 22 }]);
    const rev2 = (await importedInfos(f.t.db, SHOP)).find((m) => m.name === "cgt-4102")!.revision;
    expect(rev2).not.toBe(info.revision);
  });

  it("CGTrader down while re-importing: the job finishes with the earlier import, marked degraded", async () => {
    d.setFault({ kind: "server_error", status: 503 });
    try {
      const job = await createJob(f.t.db, {
        shop: SHOP,
        type: "library-import",
        steps: [{ name: "fetch", capability: "model.fetch", params: { model: "cgt-4102", source: { vendor: "cgtrader", id: "4102" } }, staleKey: importStaleKey("4102") }],
      });
      await worker.waitFor(job.id);
      const done = (await getJob(f.t.db, SHOP, job.id))!;
      expect(done.status).toBe("succeeded");
      expect(done.degraded).toBe(true);
      // the policy retried the 503s (3 attempts), then the step cache's earlier import served the job
      expect(d.calls.filter((c) => c.status === 503).length).toBeGreaterThanOrEqual(3);
      expect(done.steps[0]?.output?.assets.glb).toBe((await f.t.db.libraryEntry.findFirstOrThrow({ where: { id: entryId } })).glbKey);
    } finally {
      d.setFault(null);
    }
  });
});
