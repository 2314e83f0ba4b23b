import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, type Browser, request as playwrightRequest } from "@playwright/test";
import { signBody } from "../../lib/receiver/signature/sign";
import { freePort, startApp } from "../../scripts/lib/app-server";
import { copyDatabase, providerOf, selectRows } from "./database";
import { ACCELO_WEBHOOK_SECRET, DASHBOARD_PASSWORD, expect, signIn, test } from "./fixtures";

// The dashboard's doors (issue 11), tried as an attacker would, on every provider the run has:
// playwright.config.ts runs every test against the SQLite server and, with TEST_DATABASE_URL,
// those tagged @postgresql (these, the curl replay in delivery-detail.spec.ts, settings.spec.ts)
// against a PostgreSQL one too.

async function signedInContext(browser: Browser, baseURL: string | undefined, userAgent?: string) {
  const context = await browser.newContext({ baseURL, userAgent });
  const page = await context.newPage();
  await signIn(page);
  await page.goto("/settings");
  return { context, page };
}

async function apiAs(baseURL: string | undefined, token: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

test.describe("the dashboard's doors", { tag: "@postgresql" }, () => {
  test("a sender that writes a new X-Forwarded-For each time gets no fresh allowance", async ({ request }) => {
    // The server trusts one proxy: the last entry is what that proxy saw, the rest the client wrote.
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const headers = { "x-forwarded-for": `10.${attempt}.0.1, 192.0.2.${attempt}, 203.0.113.77` };
      const answer = await request.post("/api/auth/sign-in", { data: { password: "wrong" }, headers });
      statuses.push(answer.status());
      if (answer.status() === 429) expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
  });

  test("a copied cookie stops working once its session signs out", async ({ browser, baseURL }) => {
    const original = await signedInContext(browser, baseURL);
    const thief = await browser.newContext({ baseURL });
    await thief.addCookies(await original.context.cookies());
    const stolen = await thief.newPage();
    await stolen.goto("/settings");
    await expect(stolen.getByRole("heading", { name: "Settings" })).toBeVisible();

    await original.page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(original.page).toHaveURL(/\/login$/);

    await stolen.goto("/settings");
    await expect(stolen).toHaveURL(/\/login\?next=%2Fsettings$/);
    expect((await thief.request.get("/api/deliveries")).status()).toBe(401);
    await Promise.all([original.context.close(), thief.close()]);
  });

  test("a session ended from Settings is out at once, elsewhere", async ({ browser, baseURL }) => {
    const userAgent = `doors-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const other = await signedInContext(browser, baseURL, userAgent);
    const me = await signedInContext(browser, baseURL);
    await me.page.goto("/settings");
    const sessions = me.page.getByRole("list", { name: "Sessions" });
    await expect(sessions.getByText("This browser")).toHaveCount(1);
    const row = sessions.getByRole("listitem").filter({ hasText: userAgent });
    await row.getByRole("button", { name: "End session" }).click();
    await expect(row).toHaveCount(0);

    await other.page.goto("/settings");
    await expect(other.page).toHaveURL(/\/login\?next=/);
    await me.page.reload();
    await expect(me.page.getByRole("heading", { name: "Settings" })).toBeVisible();
    await Promise.all([other.context.close(), me.context.close()]);
  });

  test("API tokens open what their scope allows and nothing else, until revoked", async ({ page, baseURL }) => {
    await signIn(page);
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "New API token" });
    const created: Record<string, string> = {};
    for (const scope of ["read", "read-write"] as const) {
      const name = `${scope} ${Date.now()}`;
      await form.getByLabel("Name").fill(name);
      await form.getByLabel("Scope").selectOption(scope);
      await form.getByRole("button", { name: "Create token" }).click();
      const shown = page.getByRole("status").filter({ hasText: `Token “${name}” created` });
      await expect(shown).toBeVisible();
      created[scope] = (await page.getByTestId("new-token").textContent()) ?? "";
      expect(created[scope]).toMatch(/^awm_[A-Za-z0-9_-]{43}$/);
    }
    // Shown once: the list holds a prefix only.
    await page.reload();
    expect(await page.content()).not.toContain(created.read);

    const read = await apiAs(baseURL, created.read);
    const write = await apiAs(baseURL, created["read-write"]);
    const statusOf = async (api: APIRequestContext, method: string, url: string) =>
      (await api.fetch(url, { method, maxRedirects: 0, failOnStatusCode: false })).status();

    for (const api of [read, write]) {
      expect(await statusOf(api, "GET", "/api/deliveries")).toBe(200);
      expect(await statusOf(api, "GET", "/api/deliveries/recent-failures")).toBe(200);
      for (const [method, url] of [
        ["GET", "/api/tokens"],
        ["POST", "/api/tokens"],
        ["DELETE", "/api/tokens/1"],
        ["GET", "/api/sessions"],
        ["DELETE", "/api/sessions"],
        ["POST", "/api/auth/password"],
        ["POST", "/api/auth/sign-in"],
      ]) {
        expect(await statusOf(api, method, url), `${method} ${url}`).toBe(403);
      }
      // A page is not the API: a token opens none.
      expect(await statusOf(api, "GET", "/settings")).toBe(307);
    }
    expect(await statusOf(read, "POST", "/api/deliveries/999999999/refresh")).toBe(403);
    // Past the door: the route itself answers (no such delivery).
    expect(await statusOf(write, "POST", "/api/deliveries/999999999/refresh")).toBe(404);

    await page.reload();
    const readRow = page
      .getByRole("list", { name: "API tokens" })
      .getByRole("listitem")
      .filter({ hasText: created.read.slice(0, 10) });
    await expect(readRow).toContainText(/last used (now|\d+ seconds? ago)/);
    await readRow.getByRole("button", { name: "Revoke" }).click();
    await readRow.getByRole("button", { name: /^Revoke “/ }).click();
    await expect(readRow).toHaveCount(0);
    expect(await statusOf(read, "GET", "/api/deliveries")).toBe(401);
    expect(await statusOf(write, "GET", "/api/deliveries")).toBe(200);
    await Promise.all([read.dispose(), write.dispose()]);
  });

  test("a credential a sender put in Authorization is in no page, answer, command or row", async ({
    page,
    request,
  }, testInfo) => {
    const objectId = 800_000_000 + Math.floor(Math.random() * 99_999_999);
    const token = `doors-bearer-${objectId}-5f4e3d2c1b0a`;
    const body = Buffer.from(
      JSON.stringify({ id: objectId, resource_url: `https://acme.api.accelo.com/api/v0/tasks/${objectId}` }),
    );
    const response = await request.post("/api/webhooks/accelo", {
      headers: {
        "content-type": "application/json",
        "x-accelo-event": "assign_task",
        "x-hub-signature": signBody(body, ACCELO_WEBHOOK_SECRET),
        authorization: `Bearer ${token}`,
      },
      data: body,
    });
    expect(response.status()).toBe(200);
    const { id } = (await response.json()) as { id: number };

    await signIn(page);
    await page.goto(`/deliveries/${id}`);
    await expect(page.getByRole("heading", { level: 1, name: `Delivery #${id}` })).toBeVisible();
    await expect(page.getByText("Left out: authorization.")).toBeVisible();
    expect(await page.content()).not.toContain(token);
    expect(await page.getByTestId("curl-command").textContent()).not.toMatch(/authorization/i);
    expect(await (await page.request.get(`/api/deliveries/${id}`)).text()).not.toContain(token);
    const rows = await selectRows(
      providerOf(testInfo.project.name),
      `SELECT * FROM "Delivery" WHERE "id" = ${Number(id)}`,
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).toContain("[redacted: ");
    expect(JSON.stringify(rows[0])).not.toContain(token);
  });

  test("every page renders with no Content-Security-Policy violation", async ({ page, request }) => {
    // The fixture fails the test on any violation the console reports; this visits every page.
    const objectId = 700_000_000 + Math.floor(Math.random() * 99_999_999);
    const body = Buffer.from(
      JSON.stringify({ id: objectId, resource_url: `https://acme.api.accelo.com/api/v0/tasks/${objectId}` }),
    );
    const delivered = await request.post("/api/webhooks/accelo", {
      headers: {
        "content-type": "application/json",
        "x-accelo-event": "assign_task",
        "x-hub-signature": signBody(body, ACCELO_WEBHOOK_SECRET),
      },
      data: body,
    });
    const { id } = (await delivered.json()) as { id: number };
    await page.goto("/login");
    await expect(page.getByLabel("Password")).toBeVisible();
    await signIn(page);
    for (const [url, heading] of [
      ["/", /Overview/],
      ["/deliveries", /Deliveries/],
      ["/settings", /Settings/],
      [`/deliveries/${id}`, new RegExp(`Delivery #${id}`)],
      [`/resources/tasks/${objectId}`, /tasks/i],
    ] as const) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1, name: heading }).first()).toBeVisible();
      const policy = (await page.request.get(url)).headers()["content-security-policy"] ?? "";
      const scripts = /(?:^|; )script-src ([^;]*)/.exec(policy)?.[1] ?? "";
      expect(scripts, url).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
      expect(scripts, url).not.toContain("unsafe-inline");
    }
  });

  test("a copy of the database, started without the key, opens no session and keeps no secret readable", async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(180_000);
    const provider = providerOf(testInfo.project.name);
    const original = await signedInContext(browser, baseURL);
    const [sealed] = await selectRows(provider, `SELECT "value" FROM "Setting" WHERE "key" = 'auth.sessionSecret'`);
    expect(String(sealed.value)).toMatch(/^sealed:v1:[0-9a-f]{8}:/);

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "awm-doors-copy-"));
    const copy = await copyDatabase(provider, folder);
    const logFile = path.join(folder, "copy.log");
    const app = await startApp({
      distDir: process.env.NEXT_DIST_DIR ?? ".next-e2e",
      port: await freePort(),
      logFile,
      env: {
        DATABASE_URL: copy.url,
        DASHBOARD_PASSWORD,
        ACCELO_WEBHOOK_SECRET,
        // A fresh key file: the thief has the database, not the key.
        APP_SECRET_KEY_FILE: path.join(folder, "other-app-secret.key"),
        TRUSTED_PROXIES: "1",
      },
    });
    try {
      const thief = await browser.newContext({ baseURL: app.origin });
      const cookies = (await original.context.cookies()).map(({ name, value }) => ({ name, value, url: app.origin }));
      await thief.addCookies(cookies);
      const stolen = await thief.newPage();
      await stolen.goto(`${app.origin}/settings`);
      await expect(stolen).toHaveURL(/\/login\?next=%2Fsettings$/);
      expect((await thief.request.get(`${app.origin}/api/deliveries`)).status()).toBe(401);
      expect(fs.readFileSync(logFile, "utf8")).toMatch(/sealed with another key.*every session ends/);

      // The original, with its key, goes on as before.
      await original.page.goto("/settings");
      await expect(original.page.getByRole("heading", { name: "Settings" })).toBeVisible();

      // On the copy, a private server, "sign out all sessions" can be tried without signing out the
      // other tests: two browsers in, one click, both out.
      const first = await signedInContext(browser, app.origin);
      const second = await signedInContext(browser, app.origin);
      await second.page.goto(`${app.origin}/settings`);
      await expect(second.page.getByRole("list", { name: "Sessions" }).getByRole("listitem")).toHaveCount(2);
      await second.page.getByRole("button", { name: "Sign out all sessions" }).click();
      await expect(second.page).toHaveURL(/\/login$/);
      await first.page.goto(`${app.origin}/settings`);
      await expect(first.page).toHaveURL(/\/login\?next=/);
      await Promise.all([thief.close(), first.context.close(), second.context.close(), original.context.close()]);
    } finally {
      await app.stop("SIGTERM");
      await copy.drop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
