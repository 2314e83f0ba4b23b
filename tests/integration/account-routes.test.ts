import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as changePasswordRoute } from "../../app/api/auth/password/route";
import { POST as signInRoute } from "../../app/api/auth/sign-in/route";
import { DELETE as endOneRoute } from "../../app/api/sessions/[id]/route";
import { DELETE as endAllRoute, GET as listSessionsRoute } from "../../app/api/sessions/route";
import { DELETE as revokeRoute } from "../../app/api/tokens/[id]/route";
import { POST as createTokenRoute, GET as listTokensRoute } from "../../app/api/tokens/route";
import { authConfig, storePasswordHash } from "../../lib/auth/auth-config";
import { currentSession } from "../../lib/auth/current-session";
import { hashPassword } from "../../lib/auth/password-hash";
import { db } from "../../lib/db/client";
import { PEER_ADDRESS_HEADER } from "../../lib/http/request-source";
import { proxy } from "../../proxy";

// The routes behind Settings, on a stored password (no DASHBOARD_PASSWORD), as a browser calls them.
delete process.env.DASHBOARD_PASSWORD;
delete process.env.SESSION_SECRET;
const PASSWORD = "the-first-password-0001";
const consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});
afterAll(() => consoleLog.mockRestore());

const ORIGIN = "http://127.0.0.1:3000";
let peer = 0;

function call(
  path: string,
  { method = "GET", cookie, body }: { method?: string; cookie?: string; body?: unknown } = {},
) {
  const headers = new Headers({ "content-type": "application/json", "user-agent": "vitest browser" });
  // Each call from an address of its own, so the sign-in throttle of one test never meets another's.
  headers.set(PEER_ADDRESS_HEADER, `198.51.100.${(peer++ % 250) + 1}`);
  if (cookie) headers.set("cookie", `awm_session=${cookie}`);
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const tokenOf = (response: Response) =>
  /^awm_session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";

async function signIn(password = PASSWORD): Promise<string> {
  const response = await signInRoute(call("/api/auth/sign-in", { method: "POST", body: { password } }));
  expect(response.status).toBe(200);
  return tokenOf(response);
}

const isSignedIn = async (cookie: string) =>
  (await currentSession(new Headers({ cookie: `awm_session=${cookie}` }))) !== undefined;

beforeAll(async () => {
  await authConfig();
  await storePasswordHash(db, await hashPassword(PASSWORD));
});

describe("sessions", () => {
  it("lists every browser signed in, marks this one, and ends one by id", async () => {
    const mine = await signIn();
    const other = await signIn();
    const listed = (await (await listSessionsRoute(call("/api/sessions", { cookie: mine }))).json()) as {
      sessions: { id: number; current: boolean; userAgent: string; source: string }[];
    };
    expect(listed.sessions.filter((session) => session.current)).toHaveLength(1);
    expect(listed.sessions[0]).toMatchObject({ userAgent: "vitest browser" });
    expect(JSON.stringify(listed)).not.toMatch(/tokenHash|awm_session/);
    const otherId = listed.sessions.find((session) => !session.current)?.id ?? 0;

    const ended = await endOneRoute(
      call(`/api/sessions/${otherId}`, { method: "DELETE", cookie: mine }),
      params(String(otherId)),
    );
    expect(ended.status).toBe(204);
    expect(ended.headers.get("set-cookie")).toBeNull();
    expect(await isSignedIn(other)).toBe(false);
    expect(await isSignedIn(mine)).toBe(true);
    const again = await endOneRoute(
      call(`/api/sessions/${otherId}`, { method: "DELETE", cookie: mine }),
      params(String(otherId)),
    );
    expect(again.status).toBe(404);
  });

  it("signs out everywhere, this browser included", async () => {
    const [a, b] = [await signIn(), await signIn()];
    const response = await endAllRoute(call("/api/sessions", { method: "DELETE", cookie: a }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { ended: number }).ended).toBeGreaterThanOrEqual(2);
    expect(response.headers.get("set-cookie")).toMatch(/^awm_session=; .*Max-Age=0/);
    expect([await isSignedIn(a), await isSignedIn(b)]).toEqual([false, false]);
  });
});

describe("POST /api/auth/password", () => {
  it("refuses a wrong current password with 403 (the session is fine) and a short new one with 400", async () => {
    const cookie = await signIn();
    const wrong = await changePasswordRoute(
      call("/api/auth/password", {
        method: "POST",
        cookie,
        body: { currentPassword: "nope", newPassword: "long-enough-password" },
      }),
    );
    expect(wrong.status).toBe(403);
    const short = await changePasswordRoute(
      call("/api/auth/password", { method: "POST", cookie, body: { currentPassword: PASSWORD, newPassword: "short" } }),
    );
    expect(short.status).toBe(400);
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it("changes it, ends every session, and signs this browser in again", async () => {
    const [mine, elsewhere] = [await signIn(), await signIn()];
    const next = "the-second-password-0002";
    const response = await changePasswordRoute(
      call("/api/auth/password", {
        method: "POST",
        cookie: mine,
        body: { currentPassword: PASSWORD, newPassword: next },
      }),
    );
    expect(response.status).toBe(200);
    expect([await isSignedIn(mine), await isSignedIn(elsewhere)]).toEqual([false, false]);
    expect(await isSignedIn(tokenOf(response))).toBe(true);
    expect(
      (await signInRoute(call("/api/auth/sign-in", { method: "POST", body: { password: PASSWORD } }))).status,
    ).toBe(401);
    await signIn(next);
    await storePasswordHash(db, await hashPassword(PASSWORD));
  });

  it("with DASHBOARD_PASSWORD, says to change it there (409)", async () => {
    const cookie = await signIn();
    const config = await authConfig();
    const fromEnvironment = { ...config, passwordSource: "environment" as const };
    const spy = vi.spyOn(await import("../../lib/auth/auth-config"), "authConfig").mockResolvedValue(fromEnvironment);
    try {
      const response = await changePasswordRoute(
        call("/api/auth/password", {
          method: "POST",
          cookie,
          body: { currentPassword: PASSWORD, newPassword: "x".repeat(20) },
        }),
      );
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/DASHBOARD_PASSWORD/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("API tokens", () => {
  it("creates a token shown once, lists it without its value, and revokes it", async () => {
    const created = await createTokenRoute(
      call("/api/tokens", { method: "POST", body: { name: " nightly ", scope: "read" } }),
    );
    expect(created.status).toBe(201);
    const { token, apiToken } = (await created.json()) as {
      token: string;
      apiToken: { id: number; name: string; prefix: string };
    };
    expect(token).toMatch(/^awm_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: "nightly", scope: "read", expiresAt: null, lastUsedAt: null });
    expect(token.startsWith(apiToken.prefix)).toBe(true);

    const listed = await (await listTokensRoute(call("/api/tokens"))).text();
    expect(listed).toContain(apiToken.prefix);
    expect(listed).not.toContain(token);
    expect(listed).not.toMatch(/tokenHash/);
    const rows = await db.apiToken.findMany({ omit: { tokenHash: false } });
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(
      (await revokeRoute(call(`/api/tokens/${apiToken.id}`, { method: "DELETE" }), params(String(apiToken.id)))).status,
    ).toBe(204);
    expect(
      (await revokeRoute(call(`/api/tokens/${apiToken.id}`, { method: "DELETE" }), params(String(apiToken.id)))).status,
    ).toBe(404);
  });

  it("answers any body 201 or 400, never anything else, and keeps only what it accepted", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              name: fc.oneof(fc.string({ maxLength: 120 }), fc.integer(), fc.constant(null)),
              scope: fc.oneof(fc.constantFrom("read", "read-write", "admin", "READ", ""), fc.anything()),
              expiresAt: fc.oneof(
                fc.constant(null),
                fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
                fc.string(),
                fc.integer(),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          const response = await createTokenRoute(call("/api/tokens", { method: "POST", body }));
          expect([201, 400]).toContain(response.status);
          const answer = (await response.json()) as {
            apiToken?: { name: string; scope: string; expiresAt: string | null };
          };
          if (response.status === 201) {
            expect(answer.apiToken?.name.length).toBeGreaterThan(0);
            expect(["read", "read-write"]).toContain(answer.apiToken?.scope);
            if (answer.apiToken?.expiresAt)
              expect(Date.parse(answer.apiToken.expiresAt)).toBeGreaterThan(Date.now() - 60_000);
          }
        },
      ),
      { seed: 20261128, numRuns: 150 },
    );
  });

  it("answers any Authorization header on the API 401, 403 or lets it through, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) }),
          fc.string({ unit: fc.constantFrom(..."AZaz09_-") }).map((rest) => `Bearer awm_${rest}`),
          fc.string().map((rest) => `Bearer ${rest.replace(/[\r\n\0]/g, "")}`),
        ),
        fc.constantFrom("GET", "POST", "DELETE"),
        fc.constantFrom("/api/deliveries", "/api/tokens", "/api/sessions/1", "/api/auth/sign-in"),
        async (authorization, method, path) => {
          let headers: Headers;
          try {
            headers = new Headers({ host: "127.0.0.1:3000", authorization });
          } catch {
            return; // Not a value HTTP can carry.
          }
          const response = await proxy(new NextRequest(new URL(path, ORIGIN), { method, headers }));
          const passed = response.headers.get("x-middleware-next") === "1";
          expect(passed || [401, 403].includes(response.status), `${response.status}`).toBe(true);
        },
      ),
      { seed: 20261128, numRuns: 200 },
    );
  });
});
