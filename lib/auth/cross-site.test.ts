import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./cross-site";

function headers(values: Record<string, string>) {
  return new Headers({ host: "monitor.example:3000", ...values });
}

describe("isCrossSiteRequest", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isCrossSiteRequest(method, headers({ origin: "https://evil.example" }))).toBe(false);
    }
  });

  it("refuses writes whose Origin is another host", () => {
    expect(isCrossSiteRequest("POST", headers({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest("DELETE", headers({ origin: "http://monitor.example:3001" }))).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ origin: "null" }))).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ origin: "not a url" }))).toBe(true);
  });

  it("accepts writes from its own host, as the client addressed it", () => {
    expect(isCrossSiteRequest("POST", headers({ origin: "http://monitor.example:3000" }))).toBe(false);
    const proxied = headers({ origin: "https://monitor.example", "x-forwarded-host": "monitor.example" });
    expect(isCrossSiteRequest("POST", proxied)).toBe(false);
  });

  it("takes Origin: null (a form under no-referrer) as same-site only when Sec-Fetch-Site says same-origin", () => {
    expect(isCrossSiteRequest("POST", headers({ origin: "null", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteRequest("POST", headers({ origin: "null", "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ origin: "null", "sec-fetch-site": "none" }))).toBe(true);
  });

  it("falls back to Sec-Fetch-Site when there is no Origin", () => {
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "none" }))).toBe(false);
  });

  it("lets non-browser clients, which send neither, through", () => {
    expect(isCrossSiteRequest("POST", headers({}))).toBe(false);
  });
});
