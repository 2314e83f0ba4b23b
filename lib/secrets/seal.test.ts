import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSealed, seal, sealingKeyId, UnsealError, unseal } from "./seal";

const key = randomBytes(32);
const otherKey = randomBytes(32);

describe("seal", () => {
  it("opens to exactly what was sealed, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ minLength: 1 }), (plaintext, purpose) => {
        const sealed = seal(plaintext, key, purpose);
        expect(isSealed(sealed)).toBe(true);
        expect(unseal(sealed, key, purpose)).toBe(plaintext);
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it("never shows the plaintext, and seals the same text differently each time", () => {
    const secret = "subscription-secret-0123456789";
    const [a, b] = [seal(secret, key, "test"), seal(secret, key, "test")];
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(a).not.toContain(Buffer.from(secret).toString("base64url").slice(0, 12));
  });

  it("refuses another key by name, another purpose, and any altered character", () => {
    const sealed = seal("the secret", key, "auth.sessionSecret");
    expect(() => unseal(sealed, otherKey, "auth.sessionSecret")).toThrow(
      new RegExp(`sealed with another key \\(${sealingKeyId(key)}`),
    );
    expect(() => unseal(sealed, key, "destination.secret")).toThrow(UnsealError);
    const body = sealed.lastIndexOf(":") + 1;
    fc.assert(
      fc.property(
        fc.integer({ min: body, max: sealed.length - 1 }),
        fc.constantFrom(..."AbZ09_-."),
        (at, replacement) => {
          fc.pre(sealed[at] !== replacement);
          const altered = `${sealed.slice(0, at)}${replacement}${sealed.slice(at + 1)}`;
          expect(() => unseal(altered, key, "auth.sessionSecret")).toThrow(UnsealError);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("says a value in the clear is not sealed", () => {
    expect(() => unseal("plain", key, "x")).toThrow(/not sealed/);
  });
});
