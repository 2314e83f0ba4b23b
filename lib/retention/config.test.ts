import { describe, expect, it } from "vitest";
import { describeRetention, retentionDays, retentionSummary } from "./config";

describe("retentionDays", () => {
  it("keeps everything when RETENTION_DAYS is unset or empty", () => {
    expect(retentionDays({})).toBeUndefined();
    expect(retentionDays({ RETENTION_DAYS: "" })).toBeUndefined();
  });

  it("reads a whole number of days", () => {
    expect(retentionDays({ RETENTION_DAYS: "30" })).toBe(30);
  });

  it("refuses zero, negative and fractional days rather than deleting everything", () => {
    for (const value of ["0", "-5", "1.5", "forever"]) expect(() => retentionDays({ RETENTION_DAYS: value })).toThrow();
  });
});

describe("describeRetention", () => {
  it("says what is kept", () => {
    expect(describeRetention(undefined)).toBe("Keeping every delivery");
    expect(describeRetention(30)).toBe("Keeping deliveries for 30 days");
    expect(describeRetention(1)).toBe("Keeping deliveries for 1 day");
  });
});

describe("retentionSummary", () => {
  it("says an unusable RETENTION_DAYS keeps everything instead of failing the page", () => {
    expect(retentionSummary({ RETENTION_DAYS: "14" })).toBe("Keeping deliveries for 14 days");
    expect(retentionSummary({ RETENTION_DAYS: "soon" })).toMatch(/^Keeping every delivery \(RETENTION_DAYS/);
  });
});
