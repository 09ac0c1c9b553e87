/**
 * orders/create: HMAC verified (forged → 401, nothing stored), a bad or uninstalled shop starts nothing, duplicates
 * (same webhook id, or the same order again) → one job, each line's design resolved in that shop only; unknown,
 * invalid and another shop's design ids are reported per line, nothing crashes, nothing of the other shop is read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DESIGN_ID_PROPERTY, DESIGN_LINK_PROPERTY } from "../../app/contracts/order-line";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, webhookRequest } from "../shopify/env";

let t: TestDb;
let ordersCreate: typeof import("../../app/routes/webhooks.orders.create").action;
const SHOP = "merino.myshopify.com";
const OTHER = "other.myshopify.com";
const KEY = "a".repeat(64);

beforeAll(async () => {
  t = await installTestDb();
  ordersCreate = (await import("../../app/routes/webhooks.orders.create")).action;
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  for (const m of ["designOrderLine", "designOrder", "jobStep", "job", "webhookDelivery", "notification", "design", "productSetup", "shop"] as const) {
    await (t.db[m] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await t.db.shop.createMany({ data: [{ domain: SHOP }, { domain: OTHER }] });
  await t.db.productSetup.create({ data: { shop: SHOP, productId: "gid://shopify/Product/7001", modelName: "tee", colors: "[]" } });
});

async function design(shop: string, extra: Record<string, unknown> = {}) {
  return t.db.design.create({ data: { shop, assetKey: KEY, name: "Storefront upload", source: "shopper", customerId: "501", width: 2000, height: 2000, mediaType: "image/png", ...extra } });
}

function order(lines: Array<{ id: number; designId?: string; productId?: number }>, overrides: Record<string, unknown> = {}) {
  return {
    id: 820982911946154500,
    admin_graphql_api_id: "gid://shopify/Order/820982911946154500",
    name: "#1001",
    email: "jon@example.com",
    customer: { id: 501, email: "jon@example.com", first_name: "Jon" },
    shipping_address: { address1: "1 Main St", city: "Berlin" },
    line_items: lines.map((l) => ({
      id: l.id,
      product_id: l.productId ?? 7001,
      variant_id: 1,
      title: "Merino Tee",
      quantity: 1,
      price: "39.00",
      properties: l.designId === undefined ? [] : [
        { name: DESIGN_ID_PROPERTY, value: l.designId },
        { name: DESIGN_LINK_PROPERTY, value: `https://merino.example/apps/mockup/designs/${l.designId}/2e8b57-front.jpg` },
      ],
    })),
    ...overrides,
  };
}

const send = (body: unknown, opts: { webhookId?: string; shop?: string; secret?: string } = {}) =>
  callAction(ordersCreate, webhookRequest({ topic: "orders/create", shop: opts.shop ?? SHOP, body, webhookId: opts.webhookId, secret: opts.secret }));

describe("orders/create", () => {
  it("a design line: order + line stored (ids and name only), one order job with a print-file step for it", async () => {
    const d = await design(SHOP);
    const res = await send(order([{ id: 11, designId: d.id }, { id: 12 }]));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: string; jobId: string };
    expect(body.outcome).toBe("order:1/1");
    const rows = await t.db.designOrder.findMany({ include: { lines: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop: SHOP, orderId: "820982911946154500", name: "#1001", jobId: body.jobId });
    expect(rows[0].lines.map((l) => [l.lineId, l.designId, l.state, l.review])).toEqual([["11", d.id, "ok", "pending"]]);
    // nothing of the customer is stored anywhere in the order rows
    expect(JSON.stringify(rows)).not.toMatch(/jon@example|Main St|Berlin|Jon/);
    const job = await t.db.job.findFirstOrThrow({ include: { steps: true } });
    expect(job).toMatchObject({ type: "order", dedupKey: "order:820982911946154500", shop: SHOP });
    expect(JSON.stringify(job)).not.toMatch(/jon@example|Main St/);
    expect(job.steps).toHaveLength(1);
    const params = JSON.parse(job.steps[0].params);
    expect(job.steps[0].capability).toBe("order.printfile");
    expect(params).toMatchObject({ designId: d.id, lineId: "11" });
    // the tee's front print area, the design with the default placement
    expect(params.areas[0].area.name).toBe("front");
    expect(params.areas[0].layers[0]).toMatchObject({ kind: "image", assetKey: KEY, placement: { area: "front", scale: 0.8 } });
  });

  it("forged HMAC → 401, nothing stored", async () => {
    const d = await design(SHOP);
    const res = await send(order([{ id: 11, designId: d.id }]), { secret: "not-the-secret" });
    expect(res.status).toBe(401);
    expect([await t.db.designOrder.count(), await t.db.job.count(), await t.db.webhookDelivery.count()]).toEqual([0, 0, 0]);
  });

  it("a bad shop domain is refused; a shop that is not installed starts nothing", async () => {
    const d = await design(SHOP);
    const bad = await send(order([{ id: 11, designId: d.id }]), { shop: "evil.example.com" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    const gone = await send(order([{ id: 11, designId: d.id }]), { shop: "gone.myshopify.com" });
    expect(await gone.json()).toMatchObject({ ok: true, outcome: "shop-not-installed" });
    expect([await t.db.designOrder.count(), await t.db.job.count()]).toEqual([0, 0]);
  });

  it("duplicates: the same webhook id twice, and the same order under a new webhook id → one order, one job", async () => {
    const d = await design(SHOP);
    const a = await send(order([{ id: 11, designId: d.id }]), { webhookId: "wh-o-1" });
    const b = await send(order([{ id: 11, designId: d.id }]), { webhookId: "wh-o-1" });
    const c = await send(order([{ id: 11, designId: d.id }]), { webhookId: "wh-o-2" });
    expect(await b.json()).toMatchObject({ duplicate: true });
    const ja = ((await a.json()) as { jobId: string }).jobId;
    expect(await c.json()).toMatchObject({ outcome: "order-known", jobId: ja });
    expect([await t.db.designOrder.count(), await t.db.designOrderLine.count(), await t.db.job.count()]).toEqual([1, 1, 1]);
  });

  it("another shop's design id, an unknown id and a malformed id are reported per line; good lines still print", async () => {
    const mine = await design(SHOP);
    const theirs = await design(OTHER);
    const res = await send(order([{ id: 21, designId: mine.id }, { id: 22, designId: theirs.id }, { id: 23, designId: "cnotadesign000000000" }, { id: 24, designId: "../../etc/passwd" }, { id: 25, designId: mine.id, productId: 999 }]));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "order:1/5" });
    const lines = await t.db.designOrderLine.findMany({ orderBy: { lineId: "asc" } });
    expect(lines.map((l) => [l.lineId, l.state])).toEqual([["21", "ok"], ["22", "unknown"], ["23", "unknown"], ["24", "invalid"], ["25", "no_setup"]]);
    const job = await t.db.job.findFirstOrThrow({ include: { steps: true } });
    expect(job.steps.map((s) => s.name)).toEqual(["line:21"]);
    // the other shop's design is untouched and nothing of it reached this shop's job
    expect(JSON.stringify(job)).not.toContain(theirs.id);
    expect(await t.db.designOrder.count({ where: { shop: OTHER } })).toBe(0);
    const note = await t.db.notification.findFirstOrThrow({ where: { shop: SHOP } });
    expect(note.message).toMatch(/#1001: 4 design lines cannot be printed/);
  });

  it("an order without design lines stores nothing; a malformed payload is a 400 naming the field", async () => {
    expect(await (await send(order([{ id: 1 }]))).json()).toMatchObject({ outcome: "no-designs" });
    expect(await t.db.designOrder.count()).toBe(0);
    const res = await send({ id: "1; drop", line_items: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/invalid order payload/);
    const lines = await send({ id: 5, line_items: "x" });
    expect(lines.status).toBe(400);
  });

  it("a design document prints its own areas and layers in centimetres", async () => {
    const doc = {
      version: 1,
      areas: [{ area: "front", layers: [{ id: "l1", kind: "image", image: KEY, widthPx: 2000, heightPx: 2000, xCm: 10, yCm: 12, widthCm: 8, rotationDeg: 0 }] }],
    };
    const d = await design(SHOP, { document: JSON.stringify(doc) });
    await send(order([{ id: 31, designId: d.id }]));
    const step = await t.db.jobStep.findFirstOrThrow();
    const p = JSON.parse(step.params);
    const area = p.areas[0].area;
    expect(p.areas[0].layers[0]).toMatchObject({ kind: "image", assetKey: KEY, placement: { widthCm: 8, offsetXCm: 10 - area.widthCm / 2, offsetYCm: 12 - area.heightCm / 2 } });
  });
});

describe("the order fields read (docs/protected-customer-data.md)", () => {
  it("parsing a full order keeps only the fields the doc lists; the doc names each of them", async () => {
    const { orderPayloadSchema } = await import("../../app/contracts/order-line");
    const full = order([{ id: 11, designId: "cdesign0000000001" }], {
      note: "call me", phone: "+49 30 1234", billing_address: { name: "Jon" }, note_attributes: [{ name: "gift", value: "yes" }],
      total_price: "39.00", contact_email: "jon@example.com",
    });
    const parsed = orderPayloadSchema.parse(full);
    expect(parsed).toEqual({
      id: "820982911946154500",
      name: "#1001",
      line_items: [{ id: "11", product_id: "7001", properties: [{ name: DESIGN_ID_PROPERTY, value: "cdesign0000000001" }, { name: DESIGN_LINK_PROPERTY, value: expect.any(String) }] }],
    });
    const { readFileSync } = await import("node:fs");
    const doc = readFileSync("docs/protected-customer-data.md", "utf8");
    // one table row per field the schema reads (the order, its name, per line its id, product and properties)
    for (const row of ["| `admin_graphql_api_id` (else `id`) |", "| `name` |", "| `line_items[].admin_graphql_api_id` (else `line_items[].id`) |", "| `line_items[].product_id` |", "| `line_items[].properties` |"]) {
      expect(doc, row).toContain(row);
    }
    // what the doc says is never read really is not in the parsed order
    for (const never of ["customer", "email", "phone", "billing_address", "shipping_address", "note", "note_attributes"]) {
      expect(doc).toContain(`\`${never}\``);
      expect(JSON.stringify(parsed)).not.toContain(`"${never}"`);
    }
  });
});

describe("orders/create with bad input: a clear answer, no crash, nothing changed", () => {
  const counts = async () => [await t.db.webhookDelivery.count(), await t.db.designOrder.count(), await t.db.designOrderLine.count(), await t.db.job.count(), await t.db.notification.count()];

  it("malformed line properties cost only their own line: the good line still prints, odd values are invalid lines", async () => {
    const d = await design(SHOP);
    const body = order([{ id: 41, designId: d.id }]);
    const lines = body.line_items as Array<Record<string, unknown>>;
    const line = (id: number, properties: unknown) => ({ ...lines[0], id, properties });
    lines.push(
      line(42, "_design_id=" + d.id), // not a list: no properties
      line(43, { [DESIGN_ID_PROPERTY]: d.id }), // the cart's object shape: not what orders send, no properties
      line(44, [null, 5, "x", { name: 3 }, { value: d.id }]), // entries of no shape are skipped
      line(45, [{ name: DESIGN_ID_PROPERTY, value: { id: d.id } }]), // a value that is not text
      line(46, [{ name: DESIGN_ID_PROPERTY, value: null }]),
      line(47, [{ name: DESIGN_ID_PROPERTY, value: "x".repeat(5000) }]),
      line(48, Array.from({ length: 300 }, (_, i) => ({ name: `p${i}`, value: "v" })).concat([{ name: DESIGN_ID_PROPERTY, value: d.id }])),
    );
    const res = await send(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "order:2/5" });
    const rows = await t.db.designOrderLine.findMany({ orderBy: { lineId: "asc" } });
    expect(rows.map((l) => [l.lineId, l.state])).toEqual([["41", "ok"], ["45", "invalid"], ["46", "invalid"], ["47", "invalid"], ["48", "ok"]]);
    // what came is kept short and shown as it came
    expect(rows.find((l) => l.lineId === "45")?.designId).toBe(JSON.stringify({ id: d.id }));
    expect(rows.find((l) => l.lineId === "47")?.designId).toHaveLength(64);
    const job = await t.db.job.findFirstOrThrow({ include: { steps: true } });
    expect(job.steps.map((s) => s.name).sort()).toEqual(["line:41", "line:48"]);
  });

  it("a body past the webhook limit is a 413 before anything is read or recorded", async () => {
    const d = await design(SHOP);
    const { WEBHOOK_DEFAULTS } = await import("../../app/shopify/webhook-deliveries.server");
    const huge = order([{ id: 51, designId: d.id }], { note: "x".repeat(WEBHOOK_DEFAULTS.maxBodyBytes) });
    const res = await send(huge);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/larger than/);
    expect(await counts()).toEqual([0, 0, 0, 0, 0]);
  });

  it("a large order (a few MB, more design lines than the old 250 limit) is taken whole: one job, a step per design line", async () => {
    const d = await design(SHOP);
    const lines = Array.from({ length: 500 }, (_, i) => ({ id: 1000 + i, designId: i < 260 ? d.id : undefined }));
    const big = order(lines);
    for (const l of big.line_items as Array<Record<string, unknown>>) l.title = "Merino Tee ".repeat(300);
    const raw = JSON.stringify(big);
    expect(raw.length).toBeGreaterThan(1_500_000);
    const res = await send(big);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "order:260/260" });
    expect(await t.db.jobStep.count()).toBe(260);
    // more lines than an order can have: a 400 naming the field, nothing recorded
    const tooMany = await send(order(Array.from({ length: 501 }, (_, i) => ({ id: 5000 + i, designId: d.id })), { id: 77, admin_graphql_api_id: "gid://shopify/Order/77" }));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: string }).error).toMatch(/line_items/);
    expect(await t.db.designOrder.count()).toBe(1);
  });

  it("the same line item id twice is a 400 naming it, nothing recorded", async () => {
    const d = await design(SHOP);
    const dup = await send(order([{ id: 61, designId: d.id }, { id: 61, designId: d.id }]));
    expect(dup.status).toBe(400);
    expect(((await dup.json()) as { error: string }).error).toMatch(/line item id 61 appears twice/);
    expect(await counts()).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("the mockup the shopper saw", () => {
  it("is the first stored preview, front view first; anything malformed is none", async () => {
    const { firstMockupKey } = await import("../../app/orders/resolve.server");
    const a = "a".repeat(64), b = "b".repeat(64);
    expect(firstMockupKey(JSON.stringify({ glb: b, mockups: { "2e8b57": { back: b, front: a } } }))).toBe(a);
    expect(firstMockupKey(JSON.stringify({ mockups: { "2e8b57": { back: b } } }))).toBe(b);
    for (const bad of [null, "", "{", "[]", JSON.stringify({ mockups: { x: { front: "../../etc" } } })]) expect(firstMockupKey(bad)).toBeNull();
  });
});
