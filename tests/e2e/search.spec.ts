import type { APIRequestContext, Page } from "@playwright/test";
import { signBody } from "../../lib/receiver/signature/sign";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// The search box's field terms and saved views, in one pass through the list. Other test files
// share the server's database, so this test's deliveries carry an event id of its own, and every
// search runs inside that event's filter.

interface Sent {
  id: number;
  objectId: number;
}

async function deliver(
  request: APIRequestContext,
  { event, type, format }: { event: string; type: string; format: "form" | "json" },
): Promise<Sent> {
  const objectId = 800_000_000 + Math.floor(Math.random() * 90_000_000);
  const resourceUrl = `https://acme.api.accelo.com/api/v0/${type}/${objectId}`;
  const body =
    format === "json"
      ? JSON.stringify({ id: objectId, resource_url: resourceUrl })
      : new URLSearchParams({ id: String(objectId), resource_url: resourceUrl }).toString();
  const response = await request.post("/api/webhooks/accelo", {
    headers: {
      "content-type": format === "json" ? "application/json" : "application/x-www-form-urlencoded",
      "x-accelo-event": event,
      "x-hub-signature": signBody(body, ACCELO_WEBHOOK_SECRET),
    },
    data: body,
  });
  const { id } = (await response.json()) as { id: number };
  return { id, objectId };
}

async function expectRows(page: Page, sent: Sent[]): Promise<void> {
  const expected = sent.map((delivery) => delivery.id).sort((a, b) => b - a);
  await expect
    .poll(async () =>
      (
        await page
          .locator("[data-delivery-id]")
          .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-delivery-id")))
      ).map(Number),
    )
    .toEqual(expected);
}

// On SQLite only: the queries behind it are proven on both providers in vitest
// (lib/deliveries/list-search.test.ts); this proves the page.
test("searches by field and text, explains its syntax, and keeps searches as views in the navigation", async ({
  page,
  request,
}) => {
  const event = `e2e_search_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const quoteForm = await deliver(request, { event, type: "quotes", format: "form" });
  const task = await deliver(request, { event, type: "tasks", format: "json" });
  const quoteJson = await deliver(request, { event, type: "quotes", format: "json" });

  await signIn(page);
  await page.goto(`/deliveries?event=${event}`);
  const box = page.getByRole("searchbox", { name: "Search object id, resource URL and body" });
  await expectRows(page, [quoteForm, task, quoteJson]);

  await box.fill("resource_url:*quotes*");
  await expectRows(page, [quoteForm, quoteJson]);
  await expect(page).toHaveURL(/q=resource_url%3A\*quotes\*/);
  await box.fill(`id:${task.objectId}`);
  await expectRows(page, [task]);
  await box.fill(`header.x-accelo-event:${event} -type:quotes`);
  await expectRows(page, [task]);
  await box.fill(`${String(quoteJson.objectId).slice(2)} payload.id:${quoteJson.objectId}`);
  await expectRows(page, [quoteJson]);

  await box.fill("colour:red");
  await expect(page.getByRole("alert").filter({ hasText: 'Unknown search field "colour"' })).toBeVisible();
  await page.getByText("Search syntax").click();
  await expect(page.getByText("header.x-accelo-event:assign_task")).toBeVisible();
  await page.getByText("Search syntax").click();

  // Saved: pinned in the navigation, and opened from there.
  const name = `Quotes ${event.slice(-6)}`;
  await box.fill("resource_url:*quotes*");
  await expectRows(page, [quoteForm, quoteJson]);
  await page.getByRole("button", { name: "Save as view" }).click();
  await page.getByLabel("View name").fill(name);
  await page.getByRole("button", { name: "Save view" }).click();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name })).toBeVisible();
  await nav.getByRole("link", { name: "Deliveries", exact: true }).click();
  await expect(box).toHaveValue("");
  await nav.getByRole("link", { name }).click();
  await expect(box).toHaveValue("resource_url:*quotes*");
  await expectRows(page, [quoteForm, quoteJson]);
  await page.getByRole("button", { name: "Delete view" }).click();
  await expect(nav.getByRole("link", { name })).toHaveCount(0);

  // Built in: a filter of the list, which cannot be deleted.
  await nav.getByRole("link", { name: "Forward failed" }).click();
  await expect(page).toHaveURL(/\/deliveries\?forward=failed$/);
  await expect(page.getByRole("button", { name: "Forward failed" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("(built in)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete view" })).toHaveCount(0);
});
