import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import { signBody } from "../../lib/receiver/signature/sign";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// The app runs beside the Accelo stand-in (playwright.config.ts starts both): deliveries point at
// the stand-in, the app fetches from it, and the test changes objects through its control API.

function standInOrigin(): string {
  const origin = process.env.E2E_STAND_IN_ORIGIN;
  if (!origin) throw new Error("E2E_STAND_IN_ORIGIN is set by playwright.config.ts");
  return origin;
}

/** A task id no other test uses, among those the stand-in serves. */
function uniqueTaskId(): number {
  return 1_000_000 + Math.floor(Math.random() * 999_999);
}

async function setTask(request: APIRequestContext, id: number, fields: Record<string, string>) {
  const response = await request.post(`${standInOrigin()}/__control/objects/tasks/${id}`, { data: fields });
  expect(response.ok()).toBe(true);
}

async function deliverTaskChange(request: APIRequestContext, id: number): Promise<number> {
  const body = new URLSearchParams({
    id: String(id),
    resource_url: `${standInOrigin()}/api/v0/tasks/${id}`,
  }).toString();
  const response = await request.post("/api/webhooks/accelo", {
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-accelo-event": "update_task",
      "x-hub-signature": signBody(body, ACCELO_WEBHOOK_SECRET),
    },
    data: body,
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { id: number }).id;
}

async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("a delivery's snapshot appears; after the object changes, Refresh shows the new snapshot and the field diff", async ({
  page,
  request,
}, testInfo) => {
  // Three page loads, a background fetch and a refresh: more than the default on two busy cores.
  test.setTimeout(90_000);
  const taskId = uniqueTaskId();
  await setTask(request, taskId, { title: "Prepare the quarterly report", status: "pending", assignee: "3" });
  const deliveryId = await deliverTaskChange(request, taskId);

  await page.goto(`/deliveries/${deliveryId}`);
  const section = page.locator("section#snapshot");
  await expect(section.getByRole("heading", { name: "Snapshot of the resource" })).toBeVisible();
  // The fetch runs in the background after the answer; the section looks again until it is there.
  await expect(section.getByText(/automatic, after/)).toBeVisible({ timeout: 15_000 });
  await expect(section.getByText('"Prepare the quarterly report"')).toBeVisible();

  await setTask(request, taskId, { status: "complete", assignee: "7" });
  await section.getByRole("button", { name: "Refresh" }).click();

  const result = section.getByLabel("Refresh result");
  await expect(result.getByRole("heading", { name: /fields? changed since snapshot #\d+/ })).toBeVisible();
  const changes = result.getByRole("list", { name: "Field changes" });
  await expect(changes.getByRole("listitem").filter({ hasText: "status:" })).toHaveText(/status:\s*pending\s*complete/);
  await expect(changes.getByRole("listitem").filter({ hasText: "assignee:" })).toHaveText(/assignee:\s*3\s*7/);
  await expect(result.getByText("manual refresh")).toBeVisible();
  await keepScreenshot(page, testInfo, "delivery-refreshed");

  // The object's timeline holds both snapshots and shows the same change between them.
  await section.getByRole("link", { name: `tasks/${taskId}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `tasks/${taskId}` })).toBeVisible();
  await expect(page.getByRole("link", { name: `Delivery #${deliveryId}`, exact: true })).toBeVisible();
  await expect(page.getByText(/^Snapshot #\d+$/)).toHaveCount(2);
  const diff = page.getByRole("list", { name: "Field changes" });
  await expect(diff.getByRole("listitem").filter({ hasText: "status:" })).toHaveText(/status:\s*pending\s*complete/);
  await keepScreenshot(page, testInfo, "resource-timeline");
});

test("Refresh explains in words when the object is gone", async ({ page, request }) => {
  const taskId = uniqueTaskId();
  const deliveryId = await deliverTaskChange(request, taskId);
  const gone = await request.delete(`${standInOrigin()}/__control/objects/tasks/${taskId}`);
  expect(gone.ok()).toBe(true);

  await page.goto(`/deliveries/${deliveryId}`);
  const section = page.locator("section#snapshot");
  await section.getByRole("button", { name: "Refresh" }).click();
  await expect(section.getByText(/Refresh failed: Accelo has no such object/)).toBeVisible();
});
