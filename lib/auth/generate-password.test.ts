import { describe, expect, it } from "vitest";
import { generatePassword } from "./generate-password";

describe("generatePassword", () => {
  it("gives four groups of five unambiguous characters", () => {
    expect(generatePassword()).toMatch(/^[a-hjkmnp-rt-y3-9]{5}(-[a-hjkmnp-rt-y3-9]{5}){3}$/);
  });

  it("does not repeat itself", () => {
    const passwords = new Set(Array.from({ length: 200 }, generatePassword));
    expect(passwords.size).toBe(200);
  });
});
