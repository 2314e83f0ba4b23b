import type { APIRequestContext } from "@playwright/test";
import { signBody } from "../../lib/receiver/signature/sign";
import { providerOf, selectRows } from "./database";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// The overview after mixed traffic: the figures its table view shows equal the counts in the
// database, and a chart's link opens the list filtered the same way.

async function post(request: APIRequestContext, index: number, signing: "valid" | "invalid" | "missing") {
  const body = `id=${index}&resource_url=${encodeURIComponent(`https://acme.api.accelo.com/api/v0/tasks/${index % 3}`)}`;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "x-accelo-event": index % 2 === 0 ? "assign_task" : "create_task",
  };
  if (signing !== "missing")
    headers["x-hub-signature"] = signBody(body, signing === "valid" ? ACCELO_WEBHOOK_SECRET : "nope");
  expect((await request.post("/api/webhooks/accelo", { headers, data: body })).status()).toBeLessThan(500);
}

// On SQLite only: the figures are proven equal to the tables' counts on both providers in vitest
// (tests/integration/overview.test.ts); this proves the page.
test("the overview shows the database's counts and links into the filtered list", async ({
  page,
  request,
}, testInfo) => {
  const mix = ["valid", "valid", "invalid", "missing", "valid", "invalid"] as const;
  await Promise.all(mix.map((signing, index) => post(request, 9_000 + index, signing)));
  await signIn(page);
  await page.goto("/");

  const deliveries = page.getByRole("region", { name: "Deliveries" });
  // Other tests post deliveries too: the page must agree with the database read just before and
  // just after it, whenever those two agree with each other.
  await expect(async () => {
    const count = async () => {
      const rows = await selectRows(
        providerOf(testInfo.project.name),
        `SELECT "signatureVerdict" AS "verdict", COUNT(*) AS "count" FROM "Delivery" GROUP BY "signatureVerdict"`,
      );
      const byVerdict = Object.fromEntries(rows.map((row) => [String(row.verdict), Number(row.count)]));
      const verdicts = ["valid", "invalid", "missing", "unverified"].map((verdict) => String(byVerdict[verdict] ?? 0));
      return [String(rows.reduce((sum, row) => sum + Number(row.count), 0)), ...verdicts];
    };
    const before = await count();
    await page.reload();
    await deliveries.getByText("Show as table").click();
    const shown = await deliveries
      .getByRole("row", { name: /^Total/ })
      .getByRole("cell")
      .allTextContents();
    const after = await count();
    expect(after).toEqual(before);
    expect(shown.map((cell) => cell.replaceAll(",", ""))).toEqual(before);
  }).toPass({ timeout: 20_000 });

  await expect(deliveries.getByRole("img", { name: /Deliveries per hour, by signature verdict/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("overview.png"), fullPage: true });
  await deliveries
    .getByRole("list", { name: "Totals" })
    .getByRole("link", { name: /^Invalid: \d+/ })
    .click();
  await expect(page).toHaveURL(/\/deliveries\?verdict=invalid&from=[^&]+&to=[^&]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Invalid", exact: true, pressed: true })).toBeVisible();
  await expect
    .poll(async () => {
      const shown = await page
        .locator("[data-delivery-id]")
        .evaluateAll((links) => links.map((link) => link.getAttribute("data-verdict")));
      return shown.length > 0 && shown.every((verdict) => verdict === "invalid");
    })
    .toBe(true);
});
