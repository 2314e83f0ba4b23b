import { describe, expect, it } from "vitest";
import { loginPathFor, safeNextPath } from "./safe-next-path";

describe("safeNextPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeNextPath("/deliveries/42")).toBe("/deliveries/42");
    expect(safeNextPath("/?verdict=invalid&q=a%20b#top")).toBe("/?verdict=invalid&q=a%20b#top");
  });

  it("falls back to / for anything that could leave the site", () => {
    for (const next of [
      undefined,
      null,
      "",
      "deliveries",
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "/%5Cevil.example".replace("%5C", "\\"),
      "javascript:alert(1)",
      "/\t/evil.example",
      "/\n/evil.example",
      `/${"a".repeat(3000)}`,
    ]) {
      expect(safeNextPath(next)).toBe("/");
    }
  });

  it("normalises dot segments rather than following them", () => {
    expect(safeNextPath("/a/../../b")).toBe("/b");
  });

  it("does not send a fresh session back to the login page", () => {
    expect(safeNextPath("/login?next=/x")).toBe("/");
  });
});

describe("loginPathFor", () => {
  it("carries the visited path in next, encoded", () => {
    expect(loginPathFor("/deliveries/7?tab=raw")).toBe("/login?next=%2Fdeliveries%2F7%3Ftab%3Draw");
    expect(loginPathFor("/")).toBe("/login");
  });
});
