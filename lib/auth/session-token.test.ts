import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSessionToken, isValidSessionToken, SESSION_LIFETIME_SECONDS } from "./session-token";

const key = randomBytes(32);
const now = Date.UTC(2026, 0, 1);

describe("session token", () => {
  it("is valid for the key that signed it until it expires", () => {
    const { token, expiresAt } = createSessionToken(key, now);
    expect(expiresAt.getTime()).toBe(now + SESSION_LIFETIME_SECONDS * 1000);
    expect(isValidSessionToken(token, key, now)).toBe(true);
    expect(isValidSessionToken(token, key, expiresAt.getTime() - 1)).toBe(true);
    expect(isValidSessionToken(token, key, expiresAt.getTime())).toBe(false);
  });

  it("lasts seven days", () => {
    expect(SESSION_LIFETIME_SECONDS).toBe(604_800);
  });

  it("is refused under another key, as after a password change", () => {
    const { token } = createSessionToken(key, now);
    expect(isValidSessionToken(token, randomBytes(32), now)).toBe(false);
  });

  it("is refused when its expiry is pushed out", () => {
    const { token } = createSessionToken(key, now);
    const [version, expiry, signature] = token.split(".");
    const extended = [version, String(Number(expiry) + 365 * 86_400), signature].join(".");
    expect(isValidSessionToken(extended, key, now)).toBe(false);
  });

  it("is refused when its signature is altered or missing", () => {
    const { token } = createSessionToken(key, now);
    const last = token.at(-1) === "A" ? "B" : "A";
    expect(isValidSessionToken(token.slice(0, -1) + last, key, now)).toBe(false);
    expect(isValidSessionToken(token.slice(0, token.lastIndexOf(".")), key, now)).toBe(false);
    expect(isValidSessionToken(`${token}.extra`, key, now)).toBe(false);
  });

  it("is refused when empty or of another shape", () => {
    for (const token of [undefined, "", "v1", "v1..", "v2.9999999999.abc", "v1.-5.abc", "v1.1e12.abc"]) {
      expect(isValidSessionToken(token, key, now)).toBe(false);
    }
  });
});
