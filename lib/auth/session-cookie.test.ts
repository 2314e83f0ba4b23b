import { describe, expect, it } from "vitest";
import { clearedSessionCookieHeader, sessionCookieHeader, sessionCookieName, sessionTokenOf } from "./session-cookie";

const HTTPS = { PUBLIC_URL: "https://monitor.example.com" };

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, site-wide and lasts seven days", () => {
    expect(sessionCookieHeader("token", {})).toBe("awm_session=token; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax");
  });

  it("is Secure and __Host- prefixed exactly when PUBLIC_URL is https", () => {
    expect(sessionCookieHeader("t", HTTPS)).toBe(
      "__Host-awm_session=t; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax; Secure",
    );
    expect(clearedSessionCookieHeader(HTTPS)).toBe(
      "__Host-awm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
    );
    expect(sessionCookieName({ PUBLIC_URL: "http://10.0.0.5:3000" })).toBe("awm_session");
  });

  it("is read by its own name only, so the plain cookie is not taken over HTTPS", () => {
    const headers = new Headers({ cookie: "theme=dark; awm_session=plain; __Host-awm_session=hosted" });
    expect(sessionTokenOf(headers, {})).toBe("plain");
    expect(sessionTokenOf(headers, HTTPS)).toBe("hosted");
    expect(sessionTokenOf(new Headers({ cookie: "xawm_session=no" }), {})).toBeUndefined();
    expect(sessionTokenOf(new Headers(), {})).toBeUndefined();
  });
});
