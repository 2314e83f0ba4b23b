import { describe, expect, it } from "vitest";
import { clearedSessionCookieHeader, isHttpsRequest, sessionCookieHeader } from "./session-cookie";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, site-wide and lasts seven days", () => {
    expect(sessionCookieHeader("v1.1.sig", false)).toBe(
      "awm_session=v1.1.sig; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax",
    );
  });

  it("is Secure when the request came over HTTPS", () => {
    expect(sessionCookieHeader("t", true)).toMatch(/; Secure$/);
    expect(clearedSessionCookieHeader(true)).toBe("awm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  });

  it("tells HTTPS from the URL or from a TLS-terminating proxy", () => {
    expect(isHttpsRequest(new Request("https://monitor.example/"))).toBe(true);
    const proxied = new Request("http://10.0.0.2:3000/", { headers: { "x-forwarded-proto": "https" } });
    expect(isHttpsRequest(proxied)).toBe(true);
    const plain = new Request("http://127.0.0.1:3000/", { headers: { "x-forwarded-proto": "http" } });
    expect(isHttpsRequest(plain)).toBe(false);
  });
});
