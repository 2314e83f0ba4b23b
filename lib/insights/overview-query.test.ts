import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "./hours";
import {
  bucketIndex,
  MAX_CUSTOM_DAYS,
  overviewQuerySchema,
  overviewWindow,
  serializeOverviewQuery,
} from "./overview-query";

const NOW = new Date("2026-11-28T06:42:10.000Z");
const parse = (query: string) => overviewQuerySchema.parse(new URLSearchParams(query));

describe("the overview's window", () => {
  it("is the current hour and the 23 before it by default, one bucket per hour", () => {
    const window = overviewWindow(parse(""), NOW);
    expect(window.from.toISOString()).toBe("2026-11-27T07:00:00.000Z");
    expect(window.to.toISOString()).toBe("2026-11-28T07:00:00.000Z");
    expect(window.bucket).toBe("hour");
    expect(window.edges).toHaveLength(25);
  });

  it("is whole UTC days up to the end of today for 7d and 30d, one bucket per day", () => {
    const week = overviewWindow(parse("range=7d"), NOW);
    expect([week.from.toISOString(), week.to.toISOString(), week.bucket]).toEqual([
      "2026-11-22T00:00:00.000Z",
      "2026-11-29T00:00:00.000Z",
      "day",
    ]);
    expect(week.edges).toHaveLength(8);
    expect(overviewWindow(parse("range=30d"), NOW).edges).toHaveLength(31);
  });

  it("widens a custom range to whole hours, and cuts its day buckets at midnight", () => {
    const window = overviewWindow(parse("from=2026-11-20T10:30:00Z&to=2026-11-23T05:10:00Z"), NOW);
    expect(window.from.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(window.to.toISOString()).toBe("2026-11-23T06:00:00.000Z");
    expect(window.edges.map((edge) => edge.toISOString())).toEqual([
      "2026-11-20T10:00:00.000Z",
      "2026-11-21T00:00:00.000Z",
      "2026-11-22T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
      "2026-11-23T06:00:00.000Z",
    ]);
    expect(bucketIndex(window, new Date("2026-11-20T23:00:00Z"))).toBe(0);
    expect(bucketIndex(window, new Date("2026-11-22T00:00:00Z"))).toBe(2);
    expect(bucketIndex(window, new Date("2026-11-23T05:00:00Z"))).toBe(3);
  });

  it.each([
    "range=1y",
    "range=24h&from=2026-11-20T00:00:00Z",
    "to=2026-11-20T00:00:00Z",
    "from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z",
    "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
    "from=yesterday",
    "split=type",
  ])("refuses %s", (query) => {
    expect(overviewQuerySchema.safeParse(new URLSearchParams(query)).success).toBe(false);
  });

  it("never throws on any query, and every query it accepts gives ordered whole-hour buckets", () => {
    const instant = fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
      .map((date) => date.toISOString());
    const value = fc.oneof(fc.string(), instant, fc.constantFrom("24h", "7d", "30d", "event", ""));
    const query = fc.dictionary(
      fc.constantFrom("range", "from", "to", "split", "other"),
      fc.oneof(value, fc.array(value)),
    );
    fc.assert(
      fc.property(query, (record) => {
        const parsed = overviewQuerySchema.safeParse(record);
        if (!parsed.success) return;
        const window = overviewWindow(parsed.data, new Date());
        expect(window.from.getTime() % HOUR_MS).toBe(0);
        expect(window.to.getTime() % HOUR_MS).toBe(0);
        expect(window.to.getTime() - window.from.getTime()).toBeLessThanOrEqual((MAX_CUSTOM_DAYS + 1) * DAY_MS);
        for (let index = 1; index < window.edges.length; index++) {
          expect(window.edges[index].getTime()).toBeGreaterThan(window.edges[index - 1].getTime());
        }
        expect(overviewQuerySchema.parse(new URLSearchParams(serializeOverviewQuery(parsed.data)))).toEqual(
          parsed.data,
        );
      }),
      { numRuns: 300 },
    );
  });
});
