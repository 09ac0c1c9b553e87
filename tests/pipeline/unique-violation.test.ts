/** isUniqueViolation on real errors from SQLite and Postgres: model API (P2002) and raw SQL (driver adapter). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { isUniqueViolation } from "../../app/db/errors";
import { Sql } from "../../app/pipeline/sql";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await t.db.webhookDelivery.create({ data: { webhookId: "w1", shop: "s.myshopify.com", topic: "t" } });
});
afterAll(() => t.drop());

const caught = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
};

it("recognises a duplicate key from the model API", async () => {
  const err = await caught(() => t.db.webhookDelivery.create({ data: { webhookId: "w1", shop: "s.myshopify.com", topic: "t" } }));
  expect(isUniqueViolation(err)).toBe(true);
});

it("recognises a duplicate key from raw SQL (driver adapter error, not P2002)", async () => {
  const sql = new Sql(t.db);
  const err = await caught(() => sql.exec(`INSERT INTO {WebhookDelivery} ("webhookId", "shop", "topic") VALUES (?, ?, ?)`, "w1", "s.myshopify.com", "t"));
  expect((err as { code?: string }).code).not.toBe("P2002");
  expect(isUniqueViolation(err)).toBe(true);
});

it("does not mistake other errors for a unique violation", async () => {
  const sql = new Sql(t.db);
  const notNull = await caught(() => sql.exec(`INSERT INTO {WebhookDelivery} ("webhookId", "shop") VALUES (?, ?)`, "w2", "s.myshopify.com"));
  expect(isUniqueViolation(notNull)).toBe(false);
  expect(isUniqueViolation(new Error("disk full"))).toBe(false);
  expect(isUniqueViolation(null)).toBe(false);
  expect(isUniqueViolation("P2002")).toBe(false);
});
