/** Job detail in Chromium: from the home list to the job's steps, then cancel and retry it. */
import { expect, test, type Locator } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { createJob } from "../../app/pipeline/jobs";
import { productJobSpec } from "../../app/pipeline/pipelines/product";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

let db: Db;
let jobId: string;

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.job.deleteMany({ where: { shop: E2E_SHOP } });
  // no worker runs in this server: the job stays queued until the test cancels it
  const job = await createJob(
    db,
    productJobSpec({ shop: E2E_SHOP, productId: "gid://shopify/Product/555", model: "tee", colors: [{ name: "Black", hex: "#111111" }] }),
  );
  jobId = job.id;
});
test.afterAll(async () => db?.$disconnect());

test("open a job from the home page, see its steps, cancel it, retry it", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app", idToken));
  // a product the shop no longer has (not in the Admin API) is named by its number
  await page.getByRole("link", { name: "Product #555" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/jobs/${jobId}`));
  await expect(page.getByRole("heading", { level: 1, name: "Product pipeline" })).toBeVisible();
  await expect(page.getByText(`Job ${jobId}`)).toBeVisible();
  // each step says what it does, then its name and capability, then its status
  const steps = page.getByRole("list", { name: "Steps" });
  for (const step of ["model", "optimize", "variants", "passes:front"]) await expect(steps.getByRole("listitem", { name: step, exact: true })).toBeVisible();
  const model = steps.getByRole("listitem", { name: "model", exact: true });
  await expect(model.getByText("3D model", { exact: true })).toBeVisible();
  await expect(model.getByText("model · model.fetch")).toBeVisible();
  await expect(model.getByText("Waiting", { exact: true })).toBeVisible();

  const retry = page.getByRole("button", { name: "Retry" });
  const cancel = page.getByRole("button", { name: "Cancel" });
  await expect(retry).toBeDisabled();
  await cancel.click();
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible();
  expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("cancelled");

  await expect(retry).toBeEnabled();
  await retry.click();
  await expect(cancel).toBeEnabled();
  expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("queued");
  await page.screenshot({ path: "test-results/admin-job.png", fullPage: true, animations: "disabled" });
});

test("a job no live worker can take says so on its page; the health card lists workers and their roles", async ({ page }) => {
  // a live Blender-only worker (its heartbeat row); the job's first step (model.fetch) is for a light worker
  const workerId = "render-box-1:4242:e2e";
  await db.workerHeartbeat.deleteMany({ where: { id: workerId } });
  await db.workerHeartbeat.create({ data: { id: workerId, pid: 4242, host: "render-box-1", kinds: "[]", capabilities: "garment.*,render.*", seenAt: new Date() } });
  const job = await createJob(
    db,
    productJobSpec({ shop: E2E_SHOP, productId: "gid://shopify/Product/556", model: "tee", colors: [{ name: "Black", hex: "#111111" }] }),
  );
  try {
    const idToken = token();
    await routeCdn(page, idToken);
    await page.goto(adminUrl(`/app/jobs/${job.id}`, idToken));
    await expect(page.getByText("No running worker can take the next step")).toBeVisible();
    await expect(page.getByText(/waits for a worker that takes model\.fetch\. Start one with “mockup worker --capabilities model\.\*”/)).toBeVisible();
    await page.screenshot({ path: "test-results/admin-job-waiting.png", fullPage: true, animations: "disabled" });

    await page.goto(adminUrl("/app", idToken));
    const workers = page.getByRole("list", { name: "Workers" });
    await expect(workers.getByText("render-box-1 · pid 4242")).toBeVisible();
    await expect(workers.getByText(/garment\.\*, render\.\* · seen \d+ s ago/)).toBeVisible();
    // the roles check's sentence, in a proper plural, sits under the "Worker roles" row (above the Blender row)
    const stranded = page.getByText(/^(1 job waits|([02-9]|\d\d+) jobs wait) for model\.fetch: no running worker takes (it|them)$/);
    await expect(stranded).toBeVisible();
    const y = async (l: Locator) => (await l.boundingBox())!.y;
    const rolesRow = page.getByText("Worker roles", { exact: true });
    const blenderRow = page.getByText("Blender", { exact: true });
    expect(await y(stranded)).toBeGreaterThan(await y(rolesRow));
    expect(await y(stranded)).toBeLessThan(await y(blenderRow));
    await page.screenshot({ path: "test-results/admin-health-workers.png", fullPage: true, animations: "disabled" });
  } finally {
    await db.workerHeartbeat.deleteMany({ where: { id: workerId } });
    await db.job.deleteMany({ where: { id: job.id } });
  }
});
