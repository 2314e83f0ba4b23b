import { describe, expect, it } from "vitest";
import { signBody } from "./sign";
import { verifySignature } from "./verify";

const body = Buffer.from('{"id": 42, "resource_url": "https://acme.api.accelo.com/api/v0/tasks/42"}');
const secrets = ["first-secret", "second-secret"];

describe("verifySignature", () => {
  it.each([
    ["bare sha1", { algorithm: "sha1" as const, prefixed: false }, "length"],
    ["bare sha256", { algorithm: "sha256" as const, prefixed: false }, "length"],
    ["bare sha512", { algorithm: "sha512" as const, prefixed: false }, "length"],
    ["sha1= prefixed", { algorithm: "sha1" as const, prefixed: true }, "prefix"],
    ["sha256= prefixed", { algorithm: "sha256" as const, prefixed: true }, "prefix"],
    ["sha512= prefixed", { algorithm: "sha512" as const, prefixed: true }, "prefix"],
  ])("accepts a %s signature and says how the algorithm was told", (_, options, from) => {
    const header = signBody(body, "first-secret", options);
    expect(verifySignature(body, [header], secrets)).toEqual({
      verdict: "valid",
      algorithm: options.algorithm,
      algorithmFrom: from,
      secretIndex: 0,
    });
  });

  it("names the position of the secret that matched, for rotation", () => {
    const header = signBody(body, "second-secret");
    expect(verifySignature(body, [header], secrets)).toMatchObject({ verdict: "valid", secretIndex: 1 });
  });

  it("accepts upper-case hex and prefixes", () => {
    const header = signBody(body, "first-secret", { algorithm: "sha256", prefixed: true }).toUpperCase();
    expect(verifySignature(body, [header], secrets)).toMatchObject({ verdict: "valid", algorithm: "sha256" });
  });

  it("refuses a signature made with another secret", () => {
    expect(verifySignature(body, [signBody(body, "wrong")], secrets)).toEqual({
      verdict: "invalid",
      reason: "no_secret_matches",
      algorithm: "sha1",
      algorithmFrom: "length",
    });
  });

  it("refuses a body changed after signing", () => {
    const header = signBody(body, "first-secret");
    const tampered = Buffer.from(body.toString().replace("42", "43"));
    expect(verifySignature(tampered, [header], secrets)).toMatchObject({
      verdict: "invalid",
      reason: "no_secret_matches",
    });
  });

  it("refuses a digest whose length is no known algorithm's", () => {
    expect(verifySignature(body, ["ab".repeat(25)], secrets)).toEqual({ verdict: "invalid", reason: "wrong_length" });
  });

  it("refuses a prefixed digest of the wrong length for its algorithm", () => {
    const sha1 = signBody(body, "first-secret");
    expect(verifySignature(body, [`sha256=${sha1}`], secrets)).toMatchObject({
      verdict: "invalid",
      reason: "wrong_length",
      algorithm: "sha256",
      algorithmFrom: "prefix",
    });
  });

  it("refuses a digest that is not hex", () => {
    expect(verifySignature(body, ["z".repeat(40)], secrets)).toMatchObject({ verdict: "invalid", reason: "not_hex" });
  });

  it("refuses an unknown prefix", () => {
    const digest = signBody(body, "first-secret");
    expect(verifySignature(body, [`md5=${digest}`], secrets)).toEqual({ verdict: "invalid", reason: "unknown_prefix" });
  });

  it("refuses several signature headers even if one is right", () => {
    const good = signBody(body, "first-secret");
    expect(verifySignature(body, [good, good], secrets)).toEqual({ verdict: "invalid", reason: "multiple_headers" });
  });

  it("refuses an empty header", () => {
    expect(verifySignature(body, ["  "], secrets)).toEqual({ verdict: "invalid", reason: "empty" });
  });

  it("says missing when secrets are configured but no header came", () => {
    expect(verifySignature(body, [], secrets)).toEqual({ verdict: "missing" });
  });

  it("says unverified when no secret is configured, whatever the header", () => {
    expect(verifySignature(body, [signBody(body, "x")], [])).toEqual({ verdict: "unverified" });
  });
});
