import { expect, signIn, test } from "./fixtures";

// Every form but Sign out posts through React. Submitted before React runs, the browser would
// send it itself: a GET of the page with every field in the URL (a destination's signing secret,
// a channel's credentials, a password) and an empty page back. So the server's HTML holds each of
// those forms' submit buttons disabled, and React enables them. The check reads the pages with
// JavaScript off, which is what a click before hydration meets.

const PAGES = [
  "/",
  "/deliveries",
  "/settings",
  "/settings/subscriptions",
  "/settings/destinations",
  "/settings/alerts",
];
/** Sign out is a plain POST form, meant to work without JavaScript. */
const REACT_SUBMITS = 'form:not([method="post"]) button[type="submit"]';

test("no form that posts through React can be submitted before React runs", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  const found: string[] = [];
  try {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    found.push("Sign in");
    await signIn(page);
    for (const path of PAGES) {
      await page.goto(path);
      const buttons = page.locator(REACT_SUBMITS);
      for (const button of await buttons.all()) await expect(button, `a submit button on ${path}`).toBeDisabled();
      found.push(...(await buttons.allTextContents()).map((text) => text.trim()));
    }
  } finally {
    await context.close();
  }
  // The forms in the server's HTML. Those drawn only once their data has loaded (password, a
  // subscription, Send test, Save as view) are not there to check: components/ui/submit-button.test.ts
  // holds every form to SubmitButton instead.
  expect(found).toEqual(
    expect.arrayContaining(["Sign in", "Show range", "Create token", "Add destination", "Add channel", "Add rule"]),
  );
});

test("with React running, the same buttons work", async ({ page }) => {
  await signIn(page);
  await page.goto("/settings/destinations");
  await expect(
    page.getByRole("form", { name: "New destination" }).getByRole("button", { name: "Add destination" }),
  ).toBeEnabled();
});
