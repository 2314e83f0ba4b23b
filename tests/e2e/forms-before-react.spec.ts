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
  let submits = 0;
  try {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    submits += 1;
    await signIn(page);
    for (const path of PAGES) {
      await page.goto(path);
      const buttons = page.locator(REACT_SUBMITS);
      for (const button of await buttons.all()) await expect(button, `a submit button on ${path}`).toBeDisabled();
      submits += await buttons.count();
    }
  } finally {
    await context.close();
  }
  // The pages hold the forms this guards (sign-in, password, API token, destination, channel,
  // subscription, custom range...), not none.
  expect(submits).toBeGreaterThanOrEqual(6);
});

test("with React running, the same buttons work", async ({ page }) => {
  await signIn(page);
  await page.goto("/settings/destinations");
  await expect(
    page.getByRole("form", { name: "New destination" }).getByRole("button", { name: "Add destination" }),
  ).toBeEnabled();
});
