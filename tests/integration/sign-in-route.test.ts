import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as signInRoute } from "../../app/api/auth/sign-in/route";
import { POST as signOutRoute } from "../../app/api/auth/sign-out/route";
import { PASSWORD_HASH_SETTING } from "../../lib/auth/auth-config";
import { currentSession } from "../../lib/auth/current-session";
import { db } from "../../lib/db/client";
import { PEER_ADDRESS_HEADER } from "../../lib/http/request-source";

// A first start: no password and no signing key configured, so the route's first use generates
// them, exactly as `next start` would at boot.
delete process.env.DASHBOARD_PASSWORD;
delete process.env.SESSION_SECRET;

const consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});
afterAll(() => consoleLog.mockRestore());

function signInRequest(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1:3000/api/auth/sign-in", {
    method: "POST",
    // The peer address is what server.ts writes from the socket: the source sign-ins are counted by.
    headers: { "content-type": "application/json", [PEER_ADDRESS_HEADER]: "198.51.100.1", ...headers },
    body: JSON.stringify(body),
  });
}

function sessionToken(response: Response): string | undefined {
  return /^awm_session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
}

function withCookie(token: string | undefined): Headers {
  return new Headers({ cookie: `awm_session=${token}` });
}

let password: string;

beforeAll(async () => {
  const response = await signInRoute(signInRequest({ password: "a guess before anything is known" }));
  expect(response.status).toBe(401);
  const printed = consoleLog.mock.calls.map((call) => String(call[0])).join("\n");
  password = /Dashboard password:\s+(\S+)/.exec(printed)?.[1] ?? "";
});

describe("POST /api/auth/sign-in on a first start", () => {
  it("generated a password, printed it once and stored only its hash", async () => {
    expect(password).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    expect(consoleLog.mock.calls.filter((call) => String(call[0]).includes(password))).toHaveLength(1);
    const stored = await db.setting.findUniqueOrThrow({
      where: { key: PASSWORD_HASH_SETTING },
      omit: { value: false },
    });
    expect(stored.value).toMatch(/^scrypt\$/);
    const everySetting = await db.setting.findMany({ omit: { value: false } });
    for (const setting of everySetting) expect(setting.value).not.toContain(password);
  });

  it("answers 401 in the one error shape for a wrong password, without a cookie", async () => {
    const response = await signInRoute(signInRequest({ password: "wrong" }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "Wrong password" } });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("signs in with the printed password: a signed HttpOnly SameSite cookie the proxy accepts", async () => {
    const response = await signInRoute(signInRequest({ password }));
    expect(response.status).toBe(200);
    const { expiresAt } = (await response.json()) as { expiresAt: string };
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(await currentSession(withCookie(sessionToken(response)))).toBeDefined();
    expect(await currentSession(withCookie(`${sessionToken(response)?.slice(0, -1)}x`))).toBeUndefined();
  });

  it("takes Secure and the __Host- prefix from PUBLIC_URL alone, never from a forwarded header", async () => {
    const forwarded = await signInRoute(signInRequest({ password }, { "x-forwarded-proto": "https" }));
    expect(forwarded.headers.get("set-cookie")).toMatch(
      /^awm_session=[^;]+; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/,
    );
    process.env.PUBLIC_URL = "https://monitor.example.com";
    try {
      const response = await signInRoute(signInRequest({ password }));
      expect(response.headers.get("set-cookie")).toMatch(/^__Host-awm_session=[^;]+; Path=\/; .*; Secure$/);
    } finally {
      delete process.env.PUBLIC_URL;
    }
  });

  it("answers 400 for a body without a password", async () => {
    const response = await signInRoute(signInRequest({ pass: password }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("locks an address out after five wrong passwords, with Retry-After, even for the right one", async () => {
    const from = { [PEER_ADDRESS_HEADER]: "203.0.113.50" };
    for (let attempt = 1; attempt <= 6; attempt++) {
      expect((await signInRoute(signInRequest({ password: "wrong" }, from))).status).toBe(401);
    }
    const locked = await signInRoute(signInRequest({ password }, from));
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("1");
    expect(await locked.json()).toEqual({
      error: {
        code: "too_many_requests",
        message: "Too many wrong passwords from this address",
        details: { retryAfterSeconds: 1 },
      },
    });
    expect(locked.headers.get("set-cookie")).toBeNull();

    const elsewhere = await signInRoute(signInRequest({ password }, { [PEER_ADDRESS_HEADER]: "203.0.113.51" }));
    expect(elsewhere.status).toBe(200);
  });

  it("gives a sender who writes a new X-Forwarded-For on every attempt no fresh allowance", async () => {
    const peer = { [PEER_ADDRESS_HEADER]: "203.0.113.60" };
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const forged = { ...peer, "x-forwarded-for": `10.0.${attempt}.1, 192.0.2.${attempt}` };
      statuses.push((await signInRoute(signInRequest({ password: "wrong" }, forged))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
  });
});

describe("POST /api/auth/sign-out", () => {
  it("ends the session on the server, clears the cookie and sends the browser to /login", async () => {
    const token = sessionToken(await signInRoute(signInRequest({ password })));
    expect(await currentSession(withCookie(token))).toBeDefined();
    const response = await signOutRoute(
      new Request("http://127.0.0.1:3000/api/auth/sign-out", { method: "POST", headers: withCookie(token) }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(response.headers.get("set-cookie")).toBe("awm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    // A copy of the cookie kept elsewhere opens nothing any more.
    expect(await currentSession(withCookie(token))).toBeUndefined();
  });

  it("without a session, only clears the cookie", async () => {
    const response = await signOutRoute(new Request("http://127.0.0.1:3000/api/auth/sign-out", { method: "POST" }));
    expect(response.status).toBe(303);
  });
});

// Last in the file: it spends the allowance every source shares.
describe("sign-ins from every source together", () => {
  it("pause after 30 wrong passwords, however many addresses they came from", async () => {
    const answers: number[] = [];
    for (let source = 1; source <= 32; source++) {
      const from = { [PEER_ADDRESS_HEADER]: `198.18.0.${source}` };
      answers.push((await signInRoute(signInRequest({ password: "wrong" }, from))).status);
    }
    // The attempts of the tests above count too: the pause comes at the 31st wrong one overall.
    expect(answers.filter((status) => status === 429).length).toBeGreaterThan(0);
    const paused = await signInRoute(signInRequest({ password }, { [PEER_ADDRESS_HEADER]: "198.18.1.1" }));
    expect(paused.status).toBe(429);
    expect(((await paused.json()) as { error: { message: string } }).error.message).toMatch(/paused/);
    // Up to 30 scrypt checks in a row: seconds on an idle machine, more beside a busy one.
  }, 90_000);
});
