import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeDeliveryCursor } from "./cursor";
import { DEFAULT_LIST_LIMIT, deliveryFiltersSchema, resolveTimeWindow, serializeDeliveryFilters } from "./filters";
import { parseSearch } from "./search/parse";

const parse = (query: string) => deliveryFiltersSchema.safeParse(new URLSearchParams(query));

describe("delivery filters", () => {
  it("reads every filter from a query string and writes it back the same", () => {
    const cursor = encodeDeliveryCursor({ direction: "older", id: 42 });
    const subscription = "0123456789abcdef01234567";
    const query = `q=acme&event=assign_task&type=tasks&subscription=${subscription}&forward=failed&verdict=invalid%2Cmissing&range=24h&cursor=${cursor}&limit=20`;
    const result = parse(query);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      q: "acme",
      event: "assign_task",
      type: "tasks",
      subscription,
      forward: "failed",
      verdict: ["invalid", "missing"],
      range: "24h",
      cursor,
      limit: 20,
    });
    expect(serializeDeliveryFilters(result.data!)).toBe(query);
  });

  it("writes any filters to a query string that reads back as the same filters", () => {
    const word = fc.stringMatching(/^[a-z_]{1,20}$/);
    fc.assert(
      fc.property(
        fc.record(
          {
            q: fc
              .string({ minLength: 1, maxLength: 40 })
              .filter((text) => text.trim() === text && text !== "" && parseSearch(text).kind === "ok"),
            event: word,
            type: word,
            subscription: fc.stringMatching(/^[0-9a-f]{24}$/),
            forward: fc.constant("failed" as const),
            fetch: fc.constant("failed" as const),
            verdict: fc.subarray(["valid", "invalid", "missing", "unverified"] as const, { minLength: 1 }),
            range: fc.constantFrom("1h", "24h", "7d", "30d" as const),
            limit: fc.integer({ min: 1, max: 200 }),
          },
          { requiredKeys: ["limit"] },
        ),
        (filters) => {
          const read = parse(serializeDeliveryFilters(filters));
          expect(read.success).toBe(true);
          expect(read.data).toEqual(filters);
        },
      ),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it("refuses a search the search box cannot read, saying why", () => {
    const result = parse("q=colour:red");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["q"],
      message: expect.stringContaining('Unknown search field "colour"'),
    });
    expect(parse(`q=${encodeURIComponent('"open')}`).error?.issues[0].message).toContain("not closed");
  });

  it("defaults the limit to 50 and leaves the default out of the URL", () => {
    const filters = deliveryFiltersSchema.parse(new URLSearchParams(""));
    expect(filters).toEqual({ limit: DEFAULT_LIST_LIMIT });
    expect(serializeDeliveryFilters(filters)).toBe("");
  });

  it("bounds the limit to 1..200", () => {
    expect(parse("limit=200").data?.limit).toBe(200);
    expect(parse("limit=1").data?.limit).toBe(1);
    expect(parse("limit=0").success).toBe(false);
    expect(parse("limit=201").success).toBe(false);
    expect(parse("limit=2.5").success).toBe(false);
    expect(parse("limit=ten").success).toBe(false);
  });

  it("treats empty fields as no filter and trims text", () => {
    expect(parse("q=&event=%20%20&type=&verdict=").data).toEqual({ limit: DEFAULT_LIST_LIMIT });
    expect(parse("q=%20acme%20").data?.q).toBe("acme");
  });

  it("accepts verdicts repeated or comma-separated, deduplicated in one order", () => {
    expect(parse("verdict=missing&verdict=invalid,missing").data?.verdict).toEqual(["invalid", "missing"]);
    expect(parse("verdict=forged").success).toBe(false);
  });

  it("refuses a cursor it did not make", () => {
    expect(parse("cursor=abc").success).toBe(false);
    expect(parse(`cursor=${encodeDeliveryCursor({ direction: "newer", id: 7 })}`).success).toBe(true);
  });

  it("takes a preset or explicit instants, not both, and from before to", () => {
    expect(parse("range=7d").success).toBe(true);
    expect(parse("range=2d").success).toBe(false);
    expect(parse("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00.000Z").success).toBe(true);
    expect(parse("from=2026-01-01T00:00:00%2B02:00").success).toBe(true);
    expect(parse("from=yesterday").success).toBe(false);
    expect(parse("range=1h&from=2026-01-01T00:00:00Z").success).toBe(false);
    expect(parse("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").success).toBe(false);
  });

  it("turns a time filter into instants", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(resolveTimeWindow(deliveryFiltersSchema.parse({ range: "1h" }), now)).toEqual({
      from: new Date("2026-03-01T11:00:00Z"),
    });
    expect(
      resolveTimeWindow(deliveryFiltersSchema.parse({ from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" }), now),
    ).toEqual({ from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-01-02T00:00:00Z") });
    expect(resolveTimeWindow(deliveryFiltersSchema.parse({}), now)).toEqual({ from: undefined, to: undefined });
  });

  it("reads Next's searchParams prop, arrays included", () => {
    const params = { verdict: ["invalid", "missing"], q: "x", type: undefined };
    expect(deliveryFiltersSchema.parse(params)).toMatchObject({ verdict: ["invalid", "missing"], q: "x" });
  });
});
