import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { authConfig } from "../../lib/auth/auth-config";
import { createSessionToken } from "../../lib/auth/session-token";
import { config, proxy } from "../../proxy";

process.env.DASHBOARD_PASSWORD = "proxy-test-password";
delete process.env.SESSION_SECRET;

const origin = "http://127.0.0.1:3000";

function request(path: string, init: { method?: string; headers?: Record<string, string>; session?: string } = {}) {
  const headers = new Headers({ host: "127.0.0.1:3000", ...init.headers });
  if (init.session !== undefined) headers.set("cookie", `awm_session=${init.session}`);
  return new NextRequest(new URL(path, origin), { method: init.method ?? "GET", headers });
}

async function validSession() {
  return createSessionToken((await authConfig()).sessionKey).token;
}

// NextResponse.next() marks "go on" with this header.
const passedThrough = (response: Response) => response.headers.get("x-middleware-next") === "1";

describe("proxy matcher", () => {
  it("leaves out the webhook receiver, the liveness probe and Next's assets", () => {
    for (const url of ["/api/webhooks/accelo", "/api/health", "/_next/static/chunks/app.js", "/favicon.ico"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
  });

  it("guards everything else, including look-alikes of the public paths", () => {
    for (const url of [
      "/",
      "/login",
      "/deliveries/1",
      "/api/deliveries",
      "/api/webhooks/accelo/x",
      "/api/healthz",
      "/api/webhooks",
    ]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
  });
});

describe("proxy", () => {
  it("sends a signed-out page visit to /login with the page to return to", async () => {
    const response = await proxy(request("/deliveries/7?tab=raw"));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.pathname}${location.search}`).toBe("/login?next=%2Fdeliveries%2F7%3Ftab%3Draw");
  });

  it("answers a signed-out API call 401 in the one error shape", async () => {
    for (const session of [undefined, "", "v1.9999999999.forged"]) {
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
    const { token } = createSessionToken((await authConfig()).sessionKey, Date.now() - 8 * 86_400_000);
    expect((await proxy(request("/api/deliveries", { session: token }))).status).toBe(401);
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
