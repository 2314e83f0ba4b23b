import { describe, expect, it } from "vitest";
import { createFailureBudget, failureBudgetLimits } from "./failure-budget";

const HOUR = 60 * 60 * 1000;

describe("the failure budget", () => {
  it("keeps each source within its own hourly bytes, and every source within the total", () => {
    const budget = createFailureBudget({ totalBytesPerHour: 250, sourceBytesPerHour: 100 });
    expect([60, 40, 1].map((bytes) => budget.take("a", bytes, 0))).toEqual([true, true, false]);
    expect([100, 50, 1].map((bytes) => budget.take(`other-${bytes}`, bytes, 0))).toEqual([true, true, false]);
  });

  it("starts again each hour", () => {
    const budget = createFailureBudget({ totalBytesPerHour: 1000, sourceBytesPerHour: 100 });
    expect(budget.take("a", 100, 0)).toBe(true);
    expect(budget.take("a", 1, HOUR - 1)).toBe(false);
    expect(budget.take("a", 100, HOUR)).toBe(true);
  });

  it("reads its limits in MiB an hour, with defaults", () => {
    expect(failureBudgetLimits({})).toEqual({ totalBytesPerHour: 100 * 2 ** 20, sourceBytesPerHour: 10 * 2 ** 20 });
    expect(failureBudgetLimits({ FAILED_SIGNATURE_SOURCE_BUDGET_MB: "0.5" }).sourceBytesPerHour).toBe(2 ** 19);
    expect(() => failureBudgetLimits({ FAILED_SIGNATURE_BUDGET_MB: "-1" })).toThrow();
  });
});
