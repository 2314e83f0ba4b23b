import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFetchAllowed, checkResourceUrl } from "./resource-url";

const API = "https://acme.api.accelo.com";

describe("checkResourceUrl", () => {
  it("accepts the canonical URL of an object on the configured API", () => {
    expect(checkResourceUrl(`${API}/api/v0/tasks/42`, API)).toEqual({
      kind: "fetchable",
      target: { url: `${API}/api/v0/tasks/42`, type: "tasks", id: "42" },
    });
  });

  it("takes Accelo's own form, ending in .json, as the same object, fetched without the suffix", () => {
    expect(checkResourceUrl(`${API}/api/v0/issues/1.json`, API)).toEqual({
      kind: "fetchable",
      target: { url: `${API}/api/v0/issues/1`, type: "issues", id: "1" },
    });
  });

  it("gives both spellings of any object one target, and refuses anything else after the id", () => {
    const types = fc.stringMatching(/^[a-z][a-z_]{0,39}$/);
    const ids = fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }).map(String);
    fc.assert(
      fc.property(types, ids, fc.string({ maxLength: 8 }), (type, id, suffix) => {
        const plain = checkResourceUrl(`${API}/api/v0/${type}/${id}`, API);
        expect(plain).toEqual({ kind: "fetchable", target: { url: `${API}/api/v0/${type}/${id}`, type, id } });
        expect(checkResourceUrl(`${API}/api/v0/${type}/${id}.json`, API)).toEqual(plain);
        fc.pre(suffix !== "" && suffix !== ".json");
        const other = checkResourceUrl(`${API}/api/v0/${type}/${id}${suffix}`, API);
        // A suffix of digits only makes another id, which is fine: it names that object exactly.
        if (/^\d+$/.test(suffix) && `${id}${suffix}`.length <= 19) return;
        expect(other.kind, suffix).toBe("refused");
      }),
      { seed: 20261128, numRuns: 500 },
    );
  });

  it.each([
    ["another host", "https://evil.example/api/v0/tasks/42"],
    ["a look-alike host", "https://acme.api.accelo.com.evil.example/api/v0/tasks/42"],
    ["another scheme", "http://acme.api.accelo.com/api/v0/tasks/42"],
    ["another port", "https://acme.api.accelo.com:8443/api/v0/tasks/42"],
    ["an IP literal", "https://127.0.0.1/api/v0/tasks/42"],
    ["another deployment", "https://other.api.accelo.com/api/v0/tasks/42"],
  ])("refuses %s as a foreign origin", (_, url) => {
    expect(checkResourceUrl(url, API)).toEqual({ kind: "refused", reason: "foreign_origin" });
  });

  it.each([
    ["credentials", "https://user:pass@acme.api.accelo.com/api/v0/tasks/42"],
    ["a user name", "https://evil.example@acme.api.accelo.com/api/v0/tasks/42"],
    ["the API as user name before another host", "https://acme.api.accelo.com@evil.example/api/v0/tasks/42"],
    ["dot segments", "https://acme.api.accelo.com/api/v0/tasks/../../oauth2/v0/token"],
    ["encoded dot segments", "https://acme.api.accelo.com/api/v0/tasks/%2e%2e/42"],
    ["an encoded slash", "https://acme.api.accelo.com/api/v0/tasks%2F42"],
    ["a backslash", "https://acme.api.accelo.com/api/v0\\tasks/42"],
    ["a query", "https://acme.api.accelo.com/api/v0/tasks/42?_fields=x"],
    ["a fragment", "https://acme.api.accelo.com/api/v0/tasks/42#x"],
    ["an explicit default port", "https://acme.api.accelo.com:443/api/v0/tasks/42"],
    ["upper-case host", "https://ACME.api.accelo.com/api/v0/tasks/42"],
    ["another path", "https://acme.api.accelo.com/oauth2/v0/token"],
    ["a non-numeric id", "https://acme.api.accelo.com/api/v0/tasks/abc"],
    ["a trailing slash", "https://acme.api.accelo.com/api/v0/tasks/42/"],
    ["another suffix", "https://acme.api.accelo.com/api/v0/tasks/42.xml"],
    ["an upper-case suffix", "https://acme.api.accelo.com/api/v0/tasks/42.JSON"],
    ["the suffix twice", "https://acme.api.accelo.com/api/v0/tasks/42.json.json"],
    ["only the suffix", "https://acme.api.accelo.com/api/v0/tasks/.json"],
    ["surrounding spaces", " https://acme.api.accelo.com/api/v0/tasks/42"],
    ["no URL at all", "tasks/42"],
  ])("refuses a URL with %s as invalid", (_, url) => {
    expect(checkResourceUrl(url, API)).toEqual({ kind: "refused", reason: "invalid_url" });
  });

  it("compares with a configured origin that has a port", () => {
    expect(checkResourceUrl("http://127.0.0.1:3501/api/v0/issues/7", "http://127.0.0.1:3501").kind).toBe("fetchable");
    expect(checkResourceUrl("http://127.0.0.1:3502/api/v0/issues/7", "http://127.0.0.1:3501")).toEqual({
      kind: "refused",
      reason: "foreign_origin",
    });
  });
});

describe("checkFetchAllowed", () => {
  const config = { apiOrigin: API, fetchUnverified: false };
  const url = `${API}/api/v0/tasks/42`;

  it("allows a valid signature on the configured API", () => {
    expect(checkFetchAllowed({ resourceUrl: url, signatureVerdict: "valid" }, config).kind).toBe("allowed");
  });

  it.each([
    ["invalid", "signature_invalid"],
    ["missing", "signature_missing"],
    ["unverified", "signature_unverified"],
    ["something new", "signature_invalid"],
  ])("refuses a %s signature", (verdict, reason) => {
    expect(checkFetchAllowed({ resourceUrl: url, signatureVerdict: verdict }, config)).toEqual({
      kind: "skipped",
      reason,
    });
  });

  it("allows an unverified delivery only when the operator opted in, and still guards the origin", () => {
    const optedIn = { ...config, fetchUnverified: true };
    expect(checkFetchAllowed({ resourceUrl: url, signatureVerdict: "unverified" }, optedIn).kind).toBe("allowed");
    expect(
      checkFetchAllowed(
        { resourceUrl: "https://evil.example/api/v0/tasks/42", signatureVerdict: "unverified" },
        optedIn,
      ),
    ).toEqual({
      kind: "skipped",
      reason: "foreign_origin",
    });
  });

  it("says there is nothing to fetch without a resource_url", () => {
    expect(checkFetchAllowed({ resourceUrl: null, signatureVerdict: "valid" }, config)).toEqual({
      kind: "skipped",
      reason: "no_resource_url",
    });
  });
});
