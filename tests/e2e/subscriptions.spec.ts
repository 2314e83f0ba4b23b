import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { freePort, startApp } from "../../scripts/lib/app-server";
import { STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET, startStandIn } from "../../scripts/stand-in/start-stand-in";
import type { SentDelivery } from "../../scripts/stand-in/subscriptions";
import { copyDatabase, providerOf } from "./database";
import { ACCELO_WEBHOOK_SECRET, DASHBOARD_PASSWORD, expect, signIn, test } from "./fixtures";

// Subscriptions from the dashboard against the stand-in, which keeps them and sends real signed
// deliveries to PUBLIC_URL (playwright.config.ts). Each test uses an event of a table no other test
// changes, and object ids of its own project, since both servers share one stand-in.

function standInOrigin(): string {
  const origin = process.env.E2E_STAND_IN_ORIGIN;
  if (!origin) throw new Error("E2E_STAND_IN_ORIGIN is set by playwright.config.ts");
  return origin;
}

/** An object id no other test or project uses, among those the stand-in serves. */
function uniqueId(): number {
  return 1 + Math.floor(Math.random() * 1_999_998);
}

async function changeObject(request: APIRequestContext, type: string, id: number, fields: Record<string, string>) {
  const response = await request.post(`${standInOrigin()}/__control/objects/${type}/${id}`, { data: fields });
  expect(response.ok()).toBe(true);
}

async function sentDeliveries(request: APIRequestContext): Promise<SentDelivery[]> {
  return (await (await request.get(`${standInOrigin()}/__control/deliveries`)).json()) as SentDelivery[];
}

/** Creates a subscription through the form and answers its id. */
async function createSubscription(page: Page, eventId: string, contentType: "JSON" | "Form (Accelo's default)") {
  await page.goto("/settings/subscriptions");
  const form = page.getByRole("form", { name: "New subscription" });
  await form.getByLabel("Event").selectOption(eventId);
  await form.getByLabel("Content type").selectOption({ label: contentType });
  await form.getByRole("button", { name: "Create subscription" }).click();
  const created = page.getByRole("status").filter({ hasText: /^Subscription [0-9a-f]{24} created/ });
  await expect(created).toBeVisible();
  return /Subscription ([0-9a-f]{24})/.exec((await created.textContent()) ?? "")?.[1] ?? "";
}

/** Reloads a page until `check` holds: the banner follows the background watch. */
async function untilAfterReload(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000, intervals: [1000] });
}

// On SQLite only: the subscription lifecycle (create, test, secret grace, vanished) is proven on
// both providers in vitest (tests/integration/subscriptions/); this proves the pages.
test.describe("subscriptions", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test("the whole loop: create, test, a change with its snapshot and diff, delete, and the secret's grace ends", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(120_000);
    const companyId = uniqueId();
    await changeObject(request, "companies", companyId, { name: "Acme Plumbing" });

    const id = await createSubscription(page, "update_company", "JSON");
    const row = page.locator(`tr[data-subscription-id="${id}"]`);
    await expect(row).toContainText("This app");
    await expect(row).toContainText("Made here");
    await expect(page.locator('[data-event-id="update_company"]')).toContainText("Subscribed");

    await row.getByRole("button", { name: "Send test" }).click();
    await row.getByLabel("Object id").fill(String(companyId));
    await row.getByRole("button", { name: "Dispatch" }).click();
    await expect(row.getByTestId("accelo-status")).toHaveText("HTTP 200");
    await expect(row.getByTestId("arrived")).toContainText("signature valid · answered 200");
    await page.screenshot({ path: testInfo.outputPath("subscription-test-sent.png"), fullPage: true });

    await row.getByRole("link", { name: /^Delivery #\d+$/ }).click();
    await expect(page.locator("section#signature")).toContainText(`the secret of subscription ${id}`);
    const snapshot = page.locator("section#snapshot");
    await expect(snapshot.getByText('"Acme Plumbing"')).toBeVisible({ timeout: 15_000 });

    // A change in Accelo: the stand-in sends it, the app verifies it with the new secret and fetches.
    await changeObject(request, "companies", companyId, { name: "Acme Plumbing and Gas" });
    // The stand-in sends the change after its answer: wait for the receiver's answer to it. The list
    // shows rows that arrive after it loaded behind its "new" button, so it is loaded again until
    // both are rows.
    await expect
      .poll(
        async () =>
          (await sentDeliveries(request)).filter((sent) => sent.subscriptionId === id && sent.status === 200).length,
        { timeout: 15_000 },
      )
      .toBe(2);
    await page.goto(`/deliveries?subscription=${id}`);
    await expect(page.getByTestId("subscription-filter")).toContainText(id);
    // The test dispatch and the change: the list filtered on the subscription holds both.
    await expect(async () => {
      await page.reload();
      await expect(
        page.locator("[data-delivery-id]").filter({ has: page.getByText(String(companyId), { exact: true }) }),
      ).toHaveCount(2, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    // The stand-in sends an object's second delivery in the `.json` form, so it is no repeat of the
    // first and is fetched at once (a repeat waits a minute: tests/integration/snapshots).
    await page.goto(`/resources/companies/${companyId}`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByText(/^Snapshot #\d+$/)).toHaveCount(2, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    const diff = page.getByRole("list", { name: "Field changes" });
    await expect(diff.getByRole("listitem").filter({ hasText: "name:" })).toHaveText(
      /name:\s*Acme Plumbing\s*Acme Plumbing and Gas/,
    );

    const signedWithIt = (await sentDeliveries(request)).findLast((sent) => sent.subscriptionId === id);
    if (!signedWithIt) throw new Error("the stand-in sent nothing for the subscription");
    const replay = () =>
      request.post("/api/webhooks/accelo", {
        headers: {
          "content-type": signedWithIt.contentType,
          "x-accelo-event": signedWithIt.eventId,
          "x-hub-signature": signedWithIt.signature ?? "",
        },
        data: signedWithIt.body,
      });

    await page.goto("/settings/subscriptions");
    await row.getByRole("button", { name: "Delete" }).click();
    await row.getByRole("button", { name: "Delete subscription" }).click();
    await expect(row).toHaveCount(0);
    const subscriptions = (await (await request.get(`${standInOrigin()}/__control/subscriptions`)).json()) as {
      subscription_id: string;
    }[];
    expect(subscriptions.map(({ subscription_id }) => subscription_id)).not.toContain(id);

    // Within the grace period (4 s here) a delivery Accelo had under way still verifies; after it, not.
    expect((await replay()).status()).toBe(200);
    await expect(async () => expect((await replay()).status()).toBe(401)).toPass({ timeout: 15_000 });
  });

  test("a subscription Accelo deletes on its own raises a banner on every page, and Recreate ends it", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const id = await createSubscription(page, "update_issue", "Form (Accelo's default)");
    const gone = await request.delete(`${standInOrigin()}/__control/subscriptions/${id}`);
    expect(gone.ok()).toBe(true);

    await page.goto("/deliveries");
    const banner = page.getByTestId("subscription-vanished").filter({ hasText: "update_issue" });
    await untilAfterReload(page, () => expect(banner).toBeVisible({ timeout: 1000 }));
    await expect(banner).toContainText("has vanished from Accelo");
    await page.screenshot({ path: test.info().outputPath("subscription-vanished.png"), fullPage: true });

    await banner.getByRole("button", { name: "Recreate" }).click();
    await expect(banner).toHaveCount(0);
    const listed = (await (await request.get(`${standInOrigin()}/__control/subscriptions`)).json()) as {
      subscription_id: string;
      event_id: string;
      trigger_url: string;
    }[];
    const mine = listed.filter(
      (subscription) =>
        subscription.event_id === "update_issue" && subscription.trigger_url.startsWith(new URL(page.url()).origin),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].subscription_id).not.toBe(id);
    // Deleted here, so that no other test meets a banner of this one's making.
    await page.goto("/settings/subscriptions");
    const row = page.locator(`tr[data-subscription-id="${mine[0].subscription_id}"]`);
    await row.getByRole("button", { name: "Delete" }).click();
    await row.getByRole("button", { name: "Delete subscription" }).click();
    await expect(row).toHaveCount(0);
  });

  test("a subscription to this app whose secret is out of step is named on every page", async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const made = await request.post(`${standInOrigin()}/__control/subscriptions`, {
      data: {
        event_id: "update_contact",
        trigger_url: `${baseURL}/api/webhooks/accelo`,
        secret: "a secret this app was never told",
      },
    });
    expect(made.status()).toBe(201);
    const { subscription_id: id } = (await made.json()) as { subscription_id: string };
    for (let turn = 0; turn < 3; turn++) {
      await changeObject(request, "contacts", uniqueId(), { firstname: `Turn ${turn}` });
    }

    await page.goto("/deliveries");
    const banner = page.getByTestId("subscription-out-of-step").filter({ hasText: id });
    await untilAfterReload(page, () => expect(banner).toBeVisible({ timeout: 1000 }));
    await expect(banner).toContainText("Every update_contact delivery fails the signature check");
    await expect(banner).toContainText("Add its secret to ACCELO_WEBHOOK_SECRET");
    await page.goto("/settings/subscriptions");
    await expect(page.locator(`tr[data-subscription-id="${id}"]`)).toContainText("Secret out of step");

    await request.delete(`${standInOrigin()}/__control/subscriptions/${id}`);
    await page.goto("/deliveries");
    await untilAfterReload(page, () => expect(banner).toHaveCount(0, { timeout: 1000 }));
  });

  test("every page says so when the Accelo token expires within a week", async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(180_000);
    const provider = providerOf(testInfo.project.name);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "awm-expiry-"));
    const copy = await copyDatabase(provider, folder);
    const standIn = await startStandIn({ tokenLifetimeSeconds: 3 * 86_400 });
    const app = await startApp({
      distDir: process.env.NEXT_DIST_DIR ?? ".next-e2e",
      port: await freePort(),
      logFile: path.join(folder, "app.log"),
      env: {
        DATABASE_URL: copy.url,
        DASHBOARD_PASSWORD,
        ACCELO_WEBHOOK_SECRET,
        ACCELO_API_BASE_URL: standIn.origin,
        ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
        ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
      },
    });
    try {
      const context = await browser.newContext({ baseURL: app.origin });
      const page = await context.newPage();
      await signIn(page);
      await page.goto("/");
      const warning = page.getByRole("alert").filter({ hasText: "The Accelo API token expires on" });
      await untilAfterReload(page, () => expect(warning).toBeVisible({ timeout: 1000 }));
      await page.goto("/settings/subscriptions");
      await expect(warning).toBeVisible();
      await context.close();
      // The main server's token lives 30 days: it shows no such warning.
      const main = await browser.newPage({ baseURL });
      await signIn(main);
      // First the token's expiry as the main server knows it, so that the banner's absence below
      // is the answer of a check that ran, not of one still to come.
      await main.goto("/settings");
      const expiry = main
        .getByLabel("Accelo connection")
        .locator("div")
        .filter({ has: main.locator("dt", { hasText: "Token expires" }) })
        .locator("time");
      await expect(expiry).toHaveText(/^in \d+ days$/);
      // Rendered with the date, from the same answer: its absence now is the answer's.
      await expect(main.getByText("renew it soon")).toHaveCount(0);
      await main.goto("/");
      await expect(main.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      await expect(main.getByRole("alert").filter({ hasText: "token expires" })).toHaveCount(0);
      await main.close();
    } finally {
      await app.stop("SIGTERM");
      await standIn.close();
      await copy.drop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
