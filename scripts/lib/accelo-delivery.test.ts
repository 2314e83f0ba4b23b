import { describe, expect, it } from "vitest";
import { verifySignature } from "../../lib/receiver/signature/verify";
import { buildBody, buildDelivery, type DeliverySpec, resourceUrlFor } from "./accelo-delivery";

const secret = "subscription-secret";
const resourceUrl = "https://acme.api.accelo.com/api/v0/tasks/42";
const signed: DeliverySpec = {
  event: "assign_task",
  objectId: 42,
  format: "form",
  resourceUrl,
  signing: "signed",
  secret,
  algorithm: "sha1",
  prefixed: false,
};

function verify(request: { headers: Record<string, string>; body: string }) {
  const header = request.headers["x-hub-signature"];
  return verifySignature(Buffer.from(request.body), header === undefined ? [] : [header], [secret]);
}

describe("resourceUrlFor", () => {
  it("puts the type and id under /api/v0 of the API base, ignoring a trailing slash", () => {
    expect(resourceUrlFor("https://acme.api.accelo.com/", "issues", 7)).toBe(
      "https://acme.api.accelo.com/api/v0/issues/7",
    );
  });

  it("writes the form Accelo's documentation shows, ending in .json, when asked", () => {
    expect(resourceUrlFor("https://acme.api.accelo.com", "issues", 1, { jsonSuffix: true })).toBe(
      "https://acme.api.accelo.com/api/v0/issues/1.json",
    );
  });
});

describe("buildBody", () => {
  it("form-encodes id and resource_url as Accelo does by default", () => {
    expect(buildBody("form", 42, resourceUrl)).toBe(
      "id=42&resource_url=https%3A%2F%2Facme.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F42",
    );
  });

  it("writes JSON with a numeric id", () => {
    expect(JSON.parse(buildBody("json", 42, resourceUrl))).toEqual({ id: 42, resource_url: resourceUrl });
  });

  it.each(["form", "json"] as const)("leaves resource_url out of a %s delete delivery", (format) => {
    expect(buildBody(format, 9, undefined)).not.toContain("resource_url");
  });
});

describe("buildDelivery", () => {
  it.each([
    ["form", "sha1", false],
    ["form", "sha256", true],
    ["json", "sha256", false],
    ["json", "sha512", true],
  ] as const)(
    "signs a %s body with %s (prefixed: %s) so that the receiver's check accepts it",
    (format, algorithm, prefixed) => {
      const request = buildDelivery({ ...signed, format, algorithm, prefixed });
      expect(request.headers["content-type"]).toBe(
        format === "form" ? "application/x-www-form-urlencoded" : "application/json",
      );
      expect(request.headers["x-accelo-event"]).toBe("assign_task");
      expect(request.headers["x-hub-signature"].startsWith(`${algorithm}=`)).toBe(prefixed);
      expect(verify(request)).toMatchObject({ verdict: "valid", algorithm, secretIndex: 0 });
    },
  );

  it("sends no signature header when unsigned", () => {
    const request = buildDelivery({ ...signed, signing: "unsigned", secret: undefined });
    expect(request.headers).not.toHaveProperty("x-hub-signature");
    expect(verify(request)).toEqual({ verdict: "missing" });
  });

  it("signs with a secret the receiver does not know when asked for a wrong secret", () => {
    const request = buildDelivery({ ...signed, signing: "wrong-secret" });
    expect(request.body).toBe(buildBody("form", 42, resourceUrl));
    expect(verify(request)).toMatchObject({ verdict: "invalid", reason: "no_secret_matches" });
  });

  it("changes the body after signing when tampered, keeping it parseable", () => {
    const request = buildDelivery({ ...signed, format: "json", signing: "tampered" });
    expect(JSON.parse(request.body)).toEqual({ id: 43, resource_url: resourceUrl });
    expect(verify(request)).toMatchObject({ verdict: "invalid", reason: "no_secret_matches" });
  });

  it("refuses to sign without a secret", () => {
    expect(() => buildDelivery({ ...signed, secret: undefined })).toThrow(/needs a secret/);
  });
});
