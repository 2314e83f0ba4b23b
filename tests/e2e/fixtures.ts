import { test as base, expect, type Page } from "@playwright/test";

/**
 * The tests' `test`: a page that reports a Content-Security-Policy violation in its console fails
 * the test it ran in, whatever the test itself checked.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations in the console").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

// The server under test is started with these (playwright.config.ts), so tests can sign in and
// sign deliveries as Accelo would. They are test values, never used outside the e2e run.
export const DASHBOARD_PASSWORD = "e2e-dashboard-password";
export const ACCELO_WEBHOOK_SECRET = "e2e-webhook-secret";

/**
 * Signs the page's browser context in through the API the login form posts to, and opens nothing:
 * the test goes where it means to test. The form itself, and where it leads, are tested in
 * auth.spec.ts; loading it and the overview it lands on before every other test cost about a
 * second each.
 */
export async function signIn(page: Page): Promise<void> {
  const answer = await page.request.post("/api/auth/sign-in", { data: { password: DASHBOARD_PASSWORD } });
  expect(answer.status(), await answer.text()).toBe(200);
}
