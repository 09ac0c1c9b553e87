/**
 * The Library's imported-model routes with a session token: the token's shop sees its entry (and the UV layout link,
 * a real 1024² PNG), another shop gets 404 for the same id on read and on save, and a bad print-area body is 400
 * with message keys and changes nothing.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../../app/assets/store/local-disk";
import { ShopAssetStore } from "../../../app/assets/store/asset-store.server";
import { convertModel } from "../../../app/connectors/cgtrader/convert";
import type { TestDb } from "../../helpers/db";
import { sharedPath } from "../../helpers/shared-data";
import { callAction, installTestDb, TEST_API_KEY, TEST_API_SECRET } from "../../shopify/env";
import { BROWSER_UA, offlineSessionRow, sessionToken } from "../../shopify/session-token";

const SHOP = "lib-routes.myshopify.com";
const OTHER = "lib-other.myshopify.com";
let t: TestDb;
let route: typeof import("../../../app/routes/app.library.imported.$id");
let media: typeof import("../../../app/routes/media.$shop.$key.$file");
let entryId = "";

function req(pathname: string, shop: string, json?: unknown) {
  const headers = new Headers({ Authorization: `Bearer ${sessionToken({ shop, apiKey: TEST_API_KEY, secret: TEST_API_SECRET })}`, "User-Agent": BROWSER_UA });
  if (json !== undefined) headers.set("Content-Type", "application/json");
  return new Request(`https://mockup.test${pathname}`, { method: json === undefined ? "GET" : "POST", headers, ...(json === undefined ? {} : { body: typeof json === "string" ? json : JSON.stringify(json) }) });
}
const call = (fn: unknown, request: Request, params: Record<string, string>) => callAction(fn as never, request, params);

beforeAll(async () => {
  t = await installTestDb();
  process.env.MOCKUP_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "lib-routes-"));
  const blobs = new LocalDiskBlobStore(path.join(process.env.MOCKUP_DATA_DIR, "assets"));
  globalThis.__mockupBlobs = blobs;
  await t.db.session.create({ data: offlineSessionRow(SHOP) });
  await t.db.session.create({ data: offlineSessionRow(OTHER) });
  const file = readFileSync(path.join(sharedPath("samples/models"), "barrel_pbr.glb"));
  const c = await convertModel(new Uint8Array(file), { fileName: "barrel_pbr.glb", info: { name: "cgt-4104", title: "Wooden barrel PBR", licence: "royalty_free", author: "webgltf sample models" } });
  const glbKey = await new ShopAssetStore(SHOP, t.db, blobs).put(c.glb, { kind: "glb", mediaType: "model/gltf-binary", triangles: c.triangles });
  const row = await t.db.libraryEntry.create({
    data: { shop: SHOP, name: "cgt-4104", title: "Wooden barrel PBR", source: "cgtrader", sourceId: "4104", author: "webgltf sample models", licence: "royalty_free", commercial: true, status: "ready", glbKey, triangles: c.triangles },
  });
  entryId = row.id;
  route = await import("../../../app/routes/app.library.imported.$id");
  media = await import("../../../app/routes/media.$shop.$key.$file");
});
afterAll(async () => t?.drop());

describe("imported model routes", () => {
  it("the shop reads its entry and a UV layout link that serves a 1024² PNG of the model's layout", async () => {
    const res = await call(route.loader, req(`/app/library/imported/${entryId}?uv=1`, SHOP), { id: entryId });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entry: { title: string; triangles: number; status: string }; uv: { url: string; coverage: number } };
    expect(body.entry).toMatchObject({ title: "Wooden barrel PBR", triangles: 1148, status: "ready" });
    expect(body.uv.coverage).toBeGreaterThan(0.5); // the barrel's staves and lids cover most of its layout
    const u = new URL(body.uv.url);
    const [, , shop, key, file] = u.pathname.split("/");
    const png = await call(media.loader, new Request(body.uv.url), { shop: decodeURIComponent(shop!), key: key!, file: file! });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const meta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
  });

  it("another shop's token gets 404 for the same id, on read and on save, and nothing changes", async () => {
    const read = await call(route.loader, req(`/app/library/imported/${entryId}`, OTHER), { id: entryId });
    expect(read.status).toBe(404);
    const good = [{ name: "front", uv: { u0: 0.1, v0: 0.1, u1: 0.3, v1: 0.5 }, widthCm: 20, heightCm: 30 }];
    const save = await call(route.action, req(`/app/library/imported/${entryId}`, OTHER, { printAreas: good }), { id: entryId });
    expect(save.status).toBe(404);
    expect((await t.db.libraryEntry.findUniqueOrThrow({ where: { id: entryId } })).printAreas).toBe("[]");
    const unknown = await call(route.loader, req(`/app/library/imported/nosuchentry123`, SHOP), { id: "nosuchentry123" });
    expect(unknown.status).toBe(404);
  });

  it("a bad body is 400 with message keys; a good one is stored", async () => {
    const bad = await call(route.action, req(`/app/library/imported/${entryId}`, SHOP, { printAreas: [{ name: "front", uv: { u0: 0.5, v0: 0.1, u1: 0.2, v1: 0.5 }, widthCm: -1, heightCm: 30 }] }), { id: entryId });
    expect(bad.status).toBe(400);
    const keys = ((await bad.json()) as { issues: { key: string }[] }).issues.map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(["cgtrader.printArea.error.rect", "cgtrader.printArea.error.size"]));
    const notJson = await call(route.action, req(`/app/library/imported/${entryId}`, SHOP, "{not json"), { id: entryId });
    expect(notJson.status).toBe(400);
    expect((await t.db.libraryEntry.findUniqueOrThrow({ where: { id: entryId } })).printAreas).toBe("[]");
    const good = [{ name: "front", uv: { u0: 0.1, v0: 0.1, u1: 0.3, v1: 0.5 }, widthCm: 20, heightCm: 30 }];
    const ok = await call(route.action, req(`/app/library/imported/${entryId}`, SHOP, { printAreas: good }), { id: entryId });
    expect(ok.status).toBe(200);
    expect(JSON.parse((await t.db.libraryEntry.findUniqueOrThrow({ where: { id: entryId } })).printAreas)).toEqual(good);
  });
});
