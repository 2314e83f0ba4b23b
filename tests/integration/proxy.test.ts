import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "../../lib/auth/api-tokens";
import { authConfig } from "../../lib/auth/auth-config";
import { createSession, endAllSessions } from "../../lib/auth/sessions";
import { proxy } from "../../proxy";

process.env.DASHBOARD_PASSWORD = "proxy-test-password";
delete process.env.SESSION_SECRET;

const origin = "http://127.0.0.1:3000";

function request(path: string, init: { method?: string; headers?: Record<string, string>; session?: string } = {}) {
  const headers = new Headers({ host: "127.0.0.1:3000", ...init.headers });
  if (init.session !== undefined) headers.set("cookie", `awm_session=${init.session}`);
  return new NextRequest(new URL(path, origin), { method: init.method ?? "GET", headers });
}

const BROWSER = { userAgent: "vitest", source: "127.0.0.1" };

async function validSession() {
  return (await createSession((await authConfig()).sessionKey, BROWSER)).token;
}

// NextResponse.next() marks "go on" with this header.
const passedThrough = (response: Response) => response.headers.get("x-middleware-next") === "1";

describe("proxy", () => {
  it("sends a signed-out page visit to /login with the page to return to", async () => {
    const response = await proxy(request("/deliveries/7?tab=raw"));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.pathname}${location.search}`).toBe("/login?next=%2Fdeliveries%2F7%3Ftab%3Draw");
  });

  it("answers a signed-out API call 401 in the one error shape", async () => {
    for (const session of [undefined, "", "v1.9999999999.forged", "A".repeat(43)]) {
      const response = await proxy(request("/api/deliveries", { session }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });

  it("lets a signed-in request through", async () => {
    const session = await validSession();
    expect(passedThrough(await proxy(request("/api/deliveries", { session })))).toBe(true);
    expect(passedThrough(await proxy(request("/deliveries/1", { session })))).toBe(true);
  });

  it("refuses an expired session", async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    const { token } = await createSession((await authConfig()).sessionKey, BROWSER, eightDaysAgo);
    expect((await proxy(request("/api/deliveries", { session: token }))).status).toBe(401);
  });

  it("refuses a session that was ended, wherever its cookie was copied", async () => {
    const session = await validSession();
    expect(passedThrough(await proxy(request("/api/deliveries", { session })))).toBe(true);
    await endAllSessions();
    expect((await proxy(request("/api/deliveries", { session }))).status).toBe(401);
    expect((await proxy(request("/deliveries/1", { session }))).status).toBe(307);
  });

  it("lets anyone reach what signing in needs", async () => {
    expect(passedThrough(await proxy(request("/login")))).toBe(true);
    expect(passedThrough(await proxy(request("/api/auth/sign-in", { method: "POST" })))).toBe(true);
    expect(passedThrough(await proxy(request("/api/auth/sign-out", { method: "POST" })))).toBe(true);
  });

  it("refuses a cross-site write with 403 even with a valid session", async () => {
    const session = await validSession();
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const response = await proxy(request("/api/deliveries/1/refresh", { method: "POST", headers, session }));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    const loginCsrf = await proxy(
      request("/api/auth/sign-in", { method: "POST", headers: { origin: "https://evil.example" } }),
    );
    expect(loginCsrf.status).toBe(403);
  });

  it("accepts a same-origin write", async () => {
    const session = await validSession();
    const response = await proxy(
      request("/api/deliveries/1/refresh", { method: "POST", headers: { origin }, session }),
    );
    expect(passedThrough(response)).toBe(true);
  });
});

describe("API tokens at the proxy", () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const READ_ROUTES = [
    ["GET", "/api/deliveries"],
    ["GET", "/api/deliveries/1"],
    ["HEAD", "/api/deliveries"],
  ] as const;
  const WRITE_ROUTES = [["POST", "/api/deliveries/1/refresh"]] as const;
  const SESSION_ONLY = [
    ["GET", "/api/tokens"],
    ["POST", "/api/tokens"],
    ["DELETE", "/api/tokens/1"],
    ["GET", "/api/sessions"],
    ["DELETE", "/api/sessions"],
    ["DELETE", "/api/sessions/1"],
    ["POST", "/api/auth/password"],
    ["POST", "/api/auth/sign-in"],
    ["POST", "/api/auth/sign-out"],
  ] as const;

  async function status(method: string, path: string, token: string) {
    const response = await proxy(request(path, { method, headers: bearer(token) }));
    return passedThrough(response) ? "through" : response.status;
  }

  it("opens each route its scope allows, and no other", async () => {
    const { token: read } = await createApiToken({ name: "read", scope: "read", expiresAt: null });
    const { token: write } = await createApiToken({ name: "write", scope: "read-write", expiresAt: null });
    for (const [method, path] of READ_ROUTES) {
      expect(await status(method, path, read), `${method} ${path} read`).toBe("through");
      expect(await status(method, path, write), `${method} ${path} read-write`).toBe("through");
    }
    for (const [method, path] of WRITE_ROUTES) {
      expect(await status(method, path, read), `${method} ${path} read`).toBe(403);
      expect(await status(method, path, write), `${method} ${path} read-write`).toBe("through");
    }
    for (const [method, path] of SESSION_ONLY) {
      expect(await status(method, path, read), `${method} ${path} read`).toBe(403);
      expect(await status(method, path, write), `${method} ${path} read-write`).toBe(403);
    }
  });

  it("stands or falls by the token: a valid cookie beside a bad token does not help", async () => {
    const session = await validSession();
    const response = await proxy(request("/api/deliveries", { session, headers: bearer(`awm_${"x".repeat(43)}`) }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("refuses a revoked token and an expired one", async () => {
    const { token, apiToken } = await createApiToken({ name: "soon gone", scope: "read", expiresAt: null });
    expect(await status("GET", "/api/deliveries", token)).toBe("through");
    await revokeApiToken(apiToken.id);
    expect(await status("GET", "/api/deliveries", token)).toBe(401);
    const expiring = await createApiToken({ name: "expiring", scope: "read", expiresAt: new Date(Date.now() + 50) });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await status("GET", "/api/deliveries", expiring.token)).toBe(401);
  });

  it("opens no page: a token is for the API", async () => {
    const { token } = await createApiToken({ name: "pages", scope: "read-write", expiresAt: null });
    expect(await status("GET", "/deliveries/1", token)).toBe(307);
  });
});
