import { expect, signIn, test } from "./fixtures";

// Settings beyond the doors: the link to Accelo, on every provider the run has (tagged for the
// PostgreSQL server too, in playwright.config.ts).

test.describe("settings", { tag: "@postgresql" }, () => {
  test("the Accelo connection says whose token it is, until when, and what the budgets hold", async ({ page }) => {
    await signIn(page);
    await page.goto("/settings");
    const panel = page.getByRole("region", { name: "Accelo connection" });
    await expect(panel.getByText("stand-in", { exact: true })).toBeVisible();
    await expect(panel).toContainText("Stand In");
    await expect(panel).toContainText(/Token expires\s*(in \d+ days|next month)/);
    await expect(panel).toContainText(/requests this hour/);
    await expect(panel).toContainText(/left in Accelo's hour/);
    // The token lives 30 days: nothing warns of its expiry.
    await expect(page.getByRole("alert").filter({ hasText: "token expires" })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("settings.png"), fullPage: true });
  });
});
