import { describe, expect, it } from "vitest";
import { applySecurityHeaders, contentSecurityPolicy, createNonce, servedOverHttps } from "./security-headers";

describe("the dashboard's security headers", () => {
  it("allow scripts only with the response's nonce", () => {
    const nonce = createNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(nonce);
    const policy = contentSecurityPolicy(nonce);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it("add HSTS only when PUBLIC_URL is https, whatever a request says", () => {
    expect(servedOverHttps({ PUBLIC_URL: "https://monitor.example.com" })).toBe(true);
    expect(servedOverHttps({ PUBLIC_URL: "http://10.0.0.5:3000" })).toBe(false);
    expect(servedOverHttps({})).toBe(false);
    const headers = new Headers();
    applySecurityHeaders(headers, createNonce());
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
  });
});
