import { describe, expect, it } from "vitest";
import { summarizeLatencies } from "./latency";

describe("summarizeLatencies", () => {
  it("takes nearest-rank percentiles, sorting numerically", () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(summarizeLatencies(samples)).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
  });

  it("gives the one sample for every percentile of a single answer", () => {
    expect(summarizeLatencies([7.5])).toEqual({ count: 1, p50: 7.5, p99: 7.5, max: 7.5 });
  });

  it("reports no figures for no samples", () => {
    expect(summarizeLatencies([])).toMatchObject({ count: 0, p50: Number.NaN });
  });
});
