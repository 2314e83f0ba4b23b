import type { APIRequestContext, Page } from "@playwright/test";
import { discoverRoutes, NO_SUCH_ROUTES, ROUTE_ACCESS } from "../app-routes";
import { DASHBOARD_PASSWORD, expect, test } from "./fixtures";

/** Signs in through the login form, the way a person does, and waits to leave the login page. */
async function signInThroughForm(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Password").fill(DASHBOARD_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

async function send(request: APIRequestContext, method: string, url: string) {
  return request.fetch(url, { method, maxRedirects: 0, failOnStatusCode: false });
}

test.describe("signed out", () => {
  const routes = discoverRoutes();

  test("every page and route is classified as public or protected", () => {
    expect(routes.length).toBeGreaterThan(5);
    const unclassified = routes.filter((route) => !(route.key in ROUTE_ACCESS)).map((route) => route.key);
    expect(unclassified, "add these to ROUTE_ACCESS in tests/app-routes.ts").toEqual([]);
    const gone = Object.keys(ROUTE_ACCESS).filter((key) => !routes.some((route) => route.key === key));
    expect(gone, "remove these from ROUTE_ACCESS: no such file in app/").toEqual([]);
    for (const route of routes.filter((route) => route.kind === "route")) {
      expect(route.methods, `${route.key} exports no HTTP method the walk recognises`).not.toEqual([]);
    }
  });

  test("every protected page redirects to /login and every protected API method answers 401", async ({ request }) => {
    const protectedRoutes = routes.filter((route) => ROUTE_ACCESS[route.key] === "protected");
    // An address that does not exist yet is guarded too: a route added later is never open by default.
    protectedRoutes.push(...NO_SUCH_ROUTES);

    for (const route of protectedRoutes) {
      for (const method of route.methods) {
        const response = await send(request, method, route.url);
        const label = `${method} ${route.url} (${route.key})`;
        if (route.kind === "page") {
          expect(response.status(), label).toBe(307);
          const location = new URL(response.headers().location, "http://x");
          expect(location.pathname, label).toBe("/login");
          if (route.url !== "/") expect(location.searchParams.get("next"), label).toBe(route.url);
        } else {
          expect(response.status(), label).toBe(401);
          if (method !== "HEAD") {
            expect((await response.json()).error.code, label).toBe("unauthorized");
          }
        }
      }
    }
  });

  test("public routes are reached without a session", async ({ request }) => {
    for (const route of routes.filter((route) => ROUTE_ACCESS[route.key] === "public")) {
      for (const method of route.methods) {
        const response = await send(request, method, route.url);
        const label = `${method} ${route.url}`;
        expect(response.headers().location ?? "", label).not.toMatch(/^\/login\?/);
        if (response.status() === 401) expect((await response.json()).error.code, label).not.toBe("unauthorized");
      }
    }
  });
});

test("sign in from a protected page returns to it", async ({ page }) => {
  await page.goto("/deliveries?verdict=invalid");
  await expect(page).toHaveURL(/\/login\?next=%2Fdeliveries%3Fverdict%3Dinvalid$/);
  await expect(page.getByRole("heading", { name: "Accelo Webhook Monitor" })).toBeVisible();
  await page.getByLabel("Password").fill(DASHBOARD_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/deliveries\?verdict=invalid$/);
  await page.screenshot({ path: test.info().outputPath("signed-in.png") });
});

test("a page whose session ends while it is open sends the visitor to sign in again", async ({ page }) => {
  await signInThroughForm(page);
  // Sign-in lands on the overview; the list polls every few seconds, so its next poll tells.
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deliveries" }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  // As if the session expired or another tab signed out: the list's next poll answers 401.
  await page.context().clearCookies();
  await expect(page).toHaveURL(/\/login\?next=%2Fdeliveries$/, { timeout: 15_000 });
});

test("a wrong password says so and keeps the visitor out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong password" })).toHaveText(
    "Wrong password. Check it and try again.",
  );
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("awm_session");
  await page.screenshot({ path: test.info().outputPath("wrong-password.png") });
});

test("repeated wrong passwords lock the address out for a while", async ({ page, request }) => {
  // An address of its own, so the lock does not touch the other tests signing in from 127.0.0.1:
  // the server trusts one proxy (playwright.config.ts), so this is the address that proxy saw.
  const address = { "x-forwarded-for": "203.0.113.7" };
  const wrongPassword = async () =>
    (await request.post("/api/auth/sign-in", { data: { password: "wrong" }, headers: address })).status();
  await page.setExtraHTTPHeaders(address);
  await page.goto("/login");
  const button = page.getByRole("button", { name: "Sign in" });
  await expect(button).toBeEnabled();
  await page.getByLabel("Password").fill(DASHBOARD_PASSWORD);

  // Five free attempts, then waits of 1 s and 2 s: after the eighth wrong password the wait is
  // 4 s, long enough to watch the page count it down.
  for (let attempt = 1; attempt <= 6; attempt++) expect(await wrongPassword()).toBe(401);
  expect(await wrongPassword()).toBe(429);
  await page.waitForTimeout(1_100);
  expect(await wrongPassword()).toBe(401);
  await page.waitForTimeout(2_100);
  expect(await wrongPassword()).toBe(401);

  const answer = page.waitForResponse("**/api/auth/sign-in");
  await button.click();
  const locked = await answer;
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
    /^Too many wrong passwords\. Try again in \d seconds?\.$/,
  );
  await expect(button).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath("locked-out.png") });

  // Once the wait is over, the right password works.
  await expect(button).toBeEnabled({ timeout: 10_000 });
  await page.getByLabel("Password").fill(DASHBOARD_PASSWORD);
  await button.click();
  await expect(page).not.toHaveURL(/\/login/);
});

test("the session cookie is HttpOnly, SameSite=Lax and lasts seven days; a forwarded header cannot change that", async ({
  page,
  request,
}) => {
  await signInThroughForm(page);
  const session = (await page.context().cookies()).find((cookie) => cookie.name === "awm_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
  const days = ((session?.expires ?? 0) * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThanOrEqual(7);
  expect(await page.evaluate(() => document.cookie)).not.toContain("awm_session");

  // Secure and the __Host- prefix follow PUBLIC_URL alone (unset here; the route's tests set it),
  // never a header a client can write.
  const claimsHttps = await request.post("/api/auth/sign-in", {
    data: { password: DASHBOARD_PASSWORD },
    headers: { "x-forwarded-proto": "https" },
  });
  expect(claimsHttps.headers()["set-cookie"]).toMatch(
    /^awm_session=[^;]+; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/,
  );
});

test("sign out ends the session", async ({ page }) => {
  await signInThroughForm(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("awm_session");
  await page.goto("/deliveries");
  await expect(page).toHaveURL(/\/login\?next=%2Fdeliveries$/);
});

test("a form on another site cannot post to the dashboard", async ({ page, baseURL }) => {
  await signInThroughForm(page);
  // A page served from another origin, with a form aimed at the dashboard's sign-out.
  await page.route("http://attacker.test/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form method="post" action="${baseURL}/api/auth/sign-out"><button>Win a prize</button></form>`,
    }),
  );
  await page.goto("http://attacker.test/");
  const answer = page.waitForResponse(`${baseURL}/api/auth/sign-out`);
  await page.getByRole("button", { name: "Win a prize" }).click();
  const refused = await answer;
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({
    error: { code: "forbidden", message: "Cross-site requests are not accepted" },
  });

  // Still signed in: the request changed nothing.
  expect((await page.request.get("/api/deliveries?limit=1")).status()).toBe(200);
});

test("a cross-site API write is refused before auth, same-origin is not", async ({ request, baseURL }) => {
  const crossSite = await request.post("/api/auth/sign-in", {
    data: { password: DASHBOARD_PASSWORD },
    headers: { origin: "https://attacker.test" },
  });
  expect(crossSite.status()).toBe(403);
  expect(crossSite.headers()["set-cookie"]).toBeUndefined();
  const sameOrigin = await request.post("/api/auth/sign-in", {
    data: { password: DASHBOARD_PASSWORD },
    headers: { origin: baseURL ?? "" },
  });
  expect(sameOrigin.status()).toBe(200);
});
