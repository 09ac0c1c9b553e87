/** Admin loaders/actions called with a session token: everything scoped to the token's shop. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { productJobSpec } from "../../app/pipeline/pipelines/product";
import { routeAdminApiTo, startAdminDouble, type AdminDouble } from "../doubles/shopify-admin";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_KEY, TEST_API_SECRET } from "./env";
import { BROWSER_UA, offlineSessionRow, sessionToken } from "./session-token";

const SHOP = "routes-shop.myshopify.com";
const OTHER = "routes-other.myshopify.com";
let t: TestDb;
let d: AdminDouble;
let jobRoute: typeof import("../../app/routes/app.jobs.$id");
let home: typeof import("../../app/routes/app._index");
let createJob: typeof import("../../app/pipeline/jobs").createJob;

function req(pathname: string, init: { method?: string; form?: Record<string, string>; secret?: string } = {}) {
  const headers = new Headers({
    Authorization: `Bearer ${sessionToken({ shop: SHOP, apiKey: TEST_API_KEY, secret: init.secret ?? TEST_API_SECRET })}`,
    "User-Agent": BROWSER_UA,
  });
  return new Request(`https://mockup.test${pathname}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
  });
}

async function run(fn: (a: any) => Promise<unknown>, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return (await fn({ request, params, context: {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const spec = (shop: string, productId: string) =>
  productJobSpec({ shop, productId, model: "tee", colors: [{ name: "Black", hex: "#000000" }] });

beforeAll(async () => {
  t = await installTestDb();
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "routes-blobs-")));
  await t.db.session.create({ data: offlineSessionRow(SHOP) });
  jobRoute = await import("../../app/routes/app.jobs.$id");
  home = await import("../../app/routes/app._index");
  createJob = (await import("../../app/pipeline/jobs")).createJob;
  // after the routes' import (the library's node adapter sets its fetch on load): Admin API calls go to the double
  d = await startAdminDouble();
  routeAdminApiTo(d);
});
afterAll(async () => {
  await d?.close();
  await t?.drop();
});

describe("job detail", () => {
  it("shows the shop's job with its steps; another shop's job is 404", async () => {
    const mine = await createJob(t.db, spec(SHOP, "gid://shopify/Product/1"));
    const theirs = await createJob(t.db, spec(OTHER, "gid://shopify/Product/1"));
    const res = await run(jobRoute.loader, req(`/app/jobs/${mine.id}`), { id: mine.id });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { job: { id: string; status: string; steps: { name: string }[] } };
    expect(body.job.id).toBe(mine.id);
    expect(body.job.steps.map((s) => s.name)).toEqual(expect.arrayContaining(["model", "optimize", "variants", "passes:front"]));
    expect((await run(jobRoute.loader, req(`/app/jobs/${theirs.id}`), { id: theirs.id })).status).toBe(404);
    expect((await run(jobRoute.loader, req(`/app/jobs/x`), { id: "../../etc" })).status).toBe(404);
  });

  it("cancel, then retry; wrong-state retry is 409; unknown intent 400; other shop's job untouched", async () => {
    const job = await createJob(t.db, spec(SHOP, "gid://shopify/Product/2"));
    const theirs = await createJob(t.db, spec(OTHER, "gid://shopify/Product/2"));
    const post = (id: string, intent: string) => run(jobRoute.action, req(`/app/jobs/${id}`, { method: "POST", form: { intent } }), { id });

    const early = await post(job.id, "retry");
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: string }).error).toMatch(/only failed or cancelled jobs can be retried/);

    const cancelled = await post(job.id, "cancel");
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { job: { status: string } }).job.status).toBe("cancelled");

    const retried = await post(job.id, "retry");
    expect(((await retried.json()) as { job: { status: string } }).job.status).toBe("queued");

    expect((await post(job.id, "delete")).status).toBe(400);
    expect((await post(theirs.id, "cancel")).status).toBe(404);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("queued");
  });

  it("a forged session token gets 401 and changes nothing", async () => {
    const job = await createJob(t.db, spec(SHOP, "gid://shopify/Product/3"));
    const res = await run(jobRoute.action, req(`/app/jobs/${job.id}`, { method: "POST", form: { intent: "cancel" }, secret: "forged" }), { id: job.id });
    expect(res.status).toBe(401);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
  });
});

describe("home", () => {
  it("lists only the shop's jobs and notifications, with a health summary", async () => {
    await t.db.notification.create({ data: { shop: SHOP, message: "mine" } });
    await t.db.notification.create({ data: { shop: OTHER, message: "theirs" } });
    const res = await run(home.loader, req("/app"));
    const body = (await res.json()) as { jobs: { id: string }[]; notifications: { message: string }[]; health: { items: { name: string }[] } };
    const mine = await t.db.job.findMany({ where: { shop: SHOP } });
    expect(body.jobs.map((j) => j.id).sort()).toEqual(mine.map((j) => j.id).sort());
    expect(body.notifications.map((n) => n.message)).toEqual(["mine"]);
    expect(body.health.items.map((i) => i.name).sort()).toEqual(["blender", "database", "roles", "storage", "worker"]);
  });

  it("names a job by its product's title and thumbnail from the Admin API; an unknown product by its number", async () => {
    const p = d.store.addProduct({ title: "Merino Tee", productType: "T-Shirt", colors: ["Black"] });
    await createJob(t.db, spec(SHOP, p.id));
    const res = await run(home.loader, req("/app"));
    const body = (await res.json()) as { jobs: { productId: string; productTitle: string | null }[] };
    expect(body.jobs.find((j) => j.productId === p.id)?.productTitle).toBe("Merino Tee");
    expect(body.jobs.find((j) => j.productId === "gid://shopify/Product/1")?.productTitle).toBeNull();
    const asked = d.requests.find((r) => r.query.includes("ProductCards"));
    expect(asked?.status).toBe(200);
    expect(asked?.errors).toBeUndefined();
  });

  it("dismissing a notification works for the shop's own, never for another shop's", async () => {
    const theirs = await t.db.notification.findFirstOrThrow({ where: { shop: OTHER } });
    const r1 = await run(home.action, req("/app", { method: "POST", form: { intent: "dismiss", id: theirs.id } }));
    expect(((await r1.json()) as { dismissed: number }).dismissed).toBe(0);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
    const mine = await t.db.notification.findFirstOrThrow({ where: { shop: SHOP } });
    const r2 = await run(home.action, req("/app", { method: "POST", form: { intent: "dismiss", id: mine.id } }));
    expect(((await r2.json()) as { dismissed: number }).dismissed).toBe(1);
    expect((await run(home.action, req("/app", { method: "POST", form: { intent: "drop-tables" } }))).status).toBe(400);
  });
});
