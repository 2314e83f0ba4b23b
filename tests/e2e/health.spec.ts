import { expect, test } from "./fixtures";

// Smoke test of the harness itself: the production build started, migrated and answers.
test("GET /api/health answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("every dashboard answer carries the security headers, and each page a fresh script nonce", async ({
  page,
  request,
}) => {
  const expectHeaders = (headers: Record<string, string>) => {
    expect(headers["content-security-policy"]).toMatch(
      /script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/,
    );
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("object-src 'none'");
    expect(headers["content-security-policy"]).toContain("base-uri 'none'");
    expect(headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
  };
  const login = await page.goto("/login");
  expectHeaders(login?.headers() ?? {});
  const again = await page.goto("/login");
  const nonceOf = (headers: Record<string, string>) => /'nonce-([^']+)'/.exec(headers["content-security-policy"])?.[1];
  expect(nonceOf(again?.headers() ?? {})).not.toBe(nonceOf(login?.headers() ?? {}));
  expectHeaders((await request.get("/api/deliveries")).headers());
  expectHeaders((await request.get("/no-such-page")).headers());
});
