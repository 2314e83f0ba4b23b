import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { signBody } from "../../lib/receiver/signature/sign";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// Deliveries are seeded as Accelo sends them: POSTs to the running receiver. Other test files
// share the server's database, so each test sends under an event id of its own and reads the
// list filtered to it (the filter is under test too).

type Signing = "valid" | "invalid" | "missing";

interface Sent {
  id: number;
  objectId: number;
}

let objectCounter = 0;

function uniqueEvent(name: string): string {
  return `e2e_${name}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Object ids no other test uses, so a search for one finds this test's delivery only. */
function uniqueObjectId(): number {
  return 700_000_000 + Math.floor(Math.random() * 90_000_000) + objectCounter++;
}

async function deliver(
  request: APIRequestContext,
  {
    event,
    type = "tasks",
    signing = "valid",
    format = "form",
  }: { event: string; type?: string; signing?: Signing; format?: "form" | "json" },
): Promise<Sent> {
  const objectId = uniqueObjectId();
  const resourceUrl = `https://acme.api.accelo.com/api/v0/${type}/${objectId}`;
  const body =
    format === "json"
      ? JSON.stringify({ id: objectId, resource_url: resourceUrl })
      : new URLSearchParams({ id: String(objectId), resource_url: resourceUrl }).toString();
  const headers: Record<string, string> = {
    "content-type": format === "json" ? "application/json" : "application/x-www-form-urlencoded",
    "x-accelo-event": event,
  };
  if (signing !== "missing")
    headers["x-hub-signature"] = signBody(body, signing === "valid" ? ACCELO_WEBHOOK_SECRET : "not-the-secret");
  const response = await request.post("/api/webhooks/accelo", { headers, data: body });
  const answer = (await response.json()) as { id?: number; error?: { details?: { id?: number } } };
  // A refused delivery is stored too; its id comes in the error's details.
  const id = answer.id ?? answer.error?.details?.id;
  if (typeof id !== "number")
    throw new Error(`The receiver stored nothing: ${response.status()} ${JSON.stringify(answer)}`);
  return { id, objectId };
}

/**
 * "unverified" means the server holds no secret, and the server under test holds one; so this
 * one delivery goes through the receiver's own code in this process, into the same database.
 */
async function deliverUnverified(event: string): Promise<Sent> {
  process.env.DATABASE_URL = `file:${path.join(process.env.E2E_DATABASE_DIR!, "e2e.db")}`;
  delete process.env.ACCELO_WEBHOOK_SECRET;
  const { receiveDelivery } = await import("../../lib/receiver/receive");
  const objectId = uniqueObjectId();
  const outcome = await receiveDelivery(
    new Request("http://127.0.0.1/api/webhooks/accelo", {
      method: "POST",
      headers: { "content-type": "application/json", "x-accelo-event": event },
      body: JSON.stringify({ id: objectId, resource_url: `https://acme.api.accelo.com/api/v0/tasks/${objectId}` }),
    }),
  );
  expect(outcome.kind === "accepted" && outcome.signature.verdict).toBe("unverified");
  return { id: outcome.delivery.id, objectId };
}

const rows = (page: Page) => page.locator("[data-delivery-id]");

async function rowIds(page: Page): Promise<number[]> {
  return (await rows(page).evaluateAll((links) => links.map((link) => link.getAttribute("data-delivery-id")))).map(
    Number,
  );
}

/** Waits for the list to show exactly these deliveries, newest first. */
async function expectRows(page: Page, sent: Sent[]): Promise<void> {
  const expected = sent.map((delivery) => delivery.id).sort((a, b) => b - a);
  await expect.poll(() => rowIds(page)).toEqual(expected);
}

function search(page: Page) {
  return page.getByRole("searchbox", { name: "Search object id, resource URL and body" });
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("shows every verdict as a badge with words, failures marked and counted in the banner", async ({
  page,
  request,
}, testInfo) => {
  test.slow(); // loads the receiver's code into this process for the unverified delivery
  const event = uniqueEvent("verdicts");
  const valid = await deliver(request, { event, signing: "valid" });
  const invalid = await deliver(request, { event, signing: "invalid", type: "issues", format: "json" });
  const missing = await deliver(request, { event, signing: "missing", type: "invoices" });
  const unverified = await deliverUnverified(event);

  await page.goto(`/deliveries?event=${event}`);
  await expectRows(page, [valid, invalid, missing, unverified]);
  for (const [sent, label] of [
    [valid, "Valid"],
    [invalid, "Invalid"],
    [missing, "Missing"],
    [unverified, "Unverified"],
  ] as const) {
    const row = page.locator(`[data-delivery-id="${sent.id}"]`);
    await expect(row.locator("[data-verdict]")).toHaveText(label);
    await expect(row).toContainText(String(sent.objectId));
    await expect(row).toHaveAttribute("href", `/deliveries/${sent.id}`);
  }
  const invalidRow = page.locator(`[data-delivery-id="${invalid.id}"]`);
  await expect(invalidRow).toContainText("no secret matches");
  await expect(invalidRow).toContainText("401");
  await expect(invalidRow).toHaveClass(/border-l-red-500/);
  await expect(invalidRow.locator("[data-verdict] svg")).toBeVisible();
  await expect(page.locator(`[data-delivery-id="${valid.id}"]`)).not.toHaveClass(/border-l-red-500|border-l-amber-500/);

  const banner = page.getByRole("status").filter({ hasText: "failed the signature check" });
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Show them" }).click();
  await expect(page).toHaveURL(/\?verdict=invalid%2Cmissing&range=24h$/);
  await expect(page.getByRole("button", { name: "Invalid", exact: true, pressed: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Missing", exact: true, pressed: true })).toBeVisible();
  // Other test files add failures too, so this page need not hold this test's: check what it holds.
  await expect
    .poll(async () => {
      const shown = await rows(page).evaluateAll((links) => links.map((link) => link.getAttribute("data-verdict")));
      return shown.length > 0 && shown.every((verdict) => verdict === "invalid" || verdict === "missing");
    })
    .toBe(true);

  await page.goto(`/deliveries?event=${event}`);
  await expectRows(page, [valid, invalid, missing, unverified]);
  await page.locator(`[data-delivery-id="${invalid.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/deliveries/${invalid.id}$`));

  await page.goto("/deliveries");
  await expect(rows(page).first()).toBeVisible();
  const screenshot = await page.screenshot({ path: testInfo.outputPath("delivery-list.png") });
  await testInfo.attach("delivery-list", { body: screenshot, contentType: "image/png" });
});

test("every filter is set through the page, kept in the URL, and survives a reload and a fresh visit", async ({
  page,
  request,
  context,
}) => {
  test.slow(); // many steps, each waiting for the list to settle
  const event = uniqueEvent("filters");
  const otherEvent = uniqueEvent("filters_other");
  const task = await deliver(request, { event, type: "tasks" });
  const issue = await deliver(request, { event, type: "issues", format: "json" });
  const forged = await deliver(request, { event, type: "issues", signing: "invalid" });
  const other = await deliver(request, { event: otherEvent, type: "issues" });

  await page.goto("/deliveries");
  const checks: { set: () => Promise<unknown>; url: RegExp; expected: Sent[] }[] = [
    {
      set: () => page.getByRole("searchbox", { name: "Event id" }).fill(event),
      url: new RegExp(`event=${event}`),
      expected: [task, issue, forged],
    },
    {
      set: () => page.getByRole("searchbox", { name: "Resource type" }).fill("issues"),
      url: /type=issues/,
      expected: [issue, forged],
    },
    {
      set: () => page.getByRole("button", { name: "Valid", exact: true }).click(),
      url: /verdict=valid/,
      expected: [issue],
    },
    {
      set: () => page.getByRole("combobox", { name: "Time range" }).selectOption("1h"),
      url: /range=1h/,
      expected: [issue],
    },
    {
      set: () => search(page).fill(String(issue.objectId)),
      url: new RegExp(`q=${issue.objectId}`),
      expected: [issue],
    },
  ];
  for (const check of checks) {
    await check.set();
    await expect(page).toHaveURL(check.url);
    await expectRows(page, check.expected);
  }

  const filtered = page.url();
  await page.reload();
  await expectRows(page, [issue]);
  await expect(search(page)).toHaveValue(String(issue.objectId));
  await expect(page.getByRole("button", { name: "Valid", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("combobox", { name: "Time range" })).toHaveValue("1h");

  const fresh = await context.newPage();
  await fresh.goto(filtered);
  await expectRows(fresh, [issue]);
  await fresh.close();

  // The search covers resource URLs and bodies too, not only object ids.
  await page.goto(`/deliveries?q=${encodeURIComponent(`/issues/${other.objectId}`)}`);
  await expectRows(page, [other]);
  await page.goto(`/deliveries?event=${event}&verdict=invalid`);
  await expectRows(page, [forged]);

  // A custom time window, entered as local time, becomes UTC instants in the URL.
  await page.goto(`/deliveries?event=${event}`);
  await page.getByRole("combobox", { name: "Time range" }).selectOption("custom");
  const local = (offsetMs: number) => {
    const date = new Date(Date.now() + offsetMs);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  await page.getByLabel("From").fill(local(-60 * 60_000));
  await expect(page).toHaveURL(/from=/);
  await expectRows(page, [task, issue, forged]);
  await page.getByLabel("To").fill(local(-30 * 60_000));
  await expect(page).toHaveURL(/to=/);
  await expectRows(page, []);
  await expect(page.getByText("No deliveries match these filters.")).toBeVisible();
  await page.reload();
  await expectRows(page, []);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  await expect(search(page)).toHaveValue("");
});

test("pages older and newer with the cursor in the URL", async ({ page, request }) => {
  const event = uniqueEvent("pages");
  const sent: Sent[] = [];
  for (let i = 0; i < 7; i++) sent.push(await deliver(request, { event }));
  const newestFirst = [...sent].reverse();

  await page.goto(`/deliveries?event=${event}&limit=3`);
  await expectRows(page, newestFirst.slice(0, 3));
  await expect(page.getByRole("button", { name: "Newer" })).toBeDisabled();

  await page.getByRole("button", { name: "Older" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expectRows(page, newestFirst.slice(3, 6));
  await page.reload();
  await expectRows(page, newestFirst.slice(3, 6));

  await page.getByRole("button", { name: "Older" }).click();
  await expectRows(page, newestFirst.slice(6));
  await expect(page.getByRole("button", { name: "Older" })).toBeDisabled();

  await page.goBack();
  await expectRows(page, newestFirst.slice(3, 6));
  await page.getByRole("button", { name: "Newer" }).click();
  await expectRows(page, newestFirst.slice(0, 3));
  // The newest page is live, so its URL carries no cursor.
  await expect(page).toHaveURL(new RegExp(`\\?event=${event}&limit=3$`));
});

test("a delivery arriving while the list is open waits behind a 'new' marker, then joins the top", async ({
  page,
  request,
}) => {
  const event = uniqueEvent("live");
  const first = await deliver(request, { event });
  await page.goto(`/deliveries?event=${event}`);
  await expectRows(page, [first]);

  const arrived = await deliver(request, { event, signing: "invalid" });
  const marker = page.getByRole("button", { name: "1 new delivery" });
  await expect(marker).toBeVisible();
  expect(await rowIds(page)).toEqual([first.id]);

  await marker.click();
  await expectRows(page, [arrived, first]);
  await expect(marker).toHaveCount(0);
});

test("refuses unreadable filters in the URL and in the API", async ({ page }) => {
  await page.goto("/deliveries?limit=5000&verdict=maybe");
  await expect(page.getByRole("alert").filter({ hasText: "filters the list cannot read" })).toContainText("limit");
  await page.getByRole("button", { name: "Show all deliveries" }).click();
  await expect(page).toHaveURL(/\/deliveries$/);

  const response = await page.request.get("/api/deliveries?limit=0");
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
});
