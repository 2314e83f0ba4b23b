import { describe, expect, it } from "vitest";
import { hashPassword, verifyPasswordHash } from "./password-hash";

describe("password hash", () => {
  it("verifies the password it was made from and nothing else", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPasswordHash("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPasswordHash("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPasswordHash("", stored)).toBe(false);
  });

  it("stores scrypt parameters, a salt and a hash, never the password", async () => {
    const stored = await hashPassword("hunter2-hunter2");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain("hunter2");
  });

  it("salts each hash, so equal passwords do not give equal hashes", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("refuses malformed stored values instead of throwing", async () => {
    for (const stored of ["", "plain", "bcrypt$x$y", "scrypt$a$b$c$salt$hash", "scrypt$16384$8$1$$"]) {
      expect(await verifyPasswordHash("plain", stored)).toBe(false);
    }
  });

  it("treats differently composed Unicode of the same text as the same password", async () => {
    const stored = await hashPassword("caf\u00e9");
    expect(await verifyPasswordHash("cafe\u0301", stored)).toBe(true);
  });
});
