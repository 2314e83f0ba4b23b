import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiErrorBodySchema } from "@/lib/http/errors";
import { overviewSchema } from "@/lib/insights/schemas";
import { GET } from "./route";

const overview = (query: string) => GET(new Request(`http://localhost/api/overview?${query}`));

describe("GET /api/overview", () => {
  it("answers the figures of the last 24 hours by default", async () => {
    const response = await overview("");
    expect(response.status, await response.clone().text()).toBe(200);
    const body = overviewSchema.parse(await response.json());
    expect(body.window.range).toBe("24h");
    expect(body.deliveries.buckets).toHaveLength(24);
    expect(body.events).toBeNull();
  });

  it("answers 200 or a 400 in the one error shape to any query string, never a 500", async () => {
    const instant = fc
      .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true })
      .map((date) => date.toISOString());
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary", maxLength: 8 }),
      instant,
      fc.constantFrom("24h", "7d", "30d", "event"),
    );
    const pair = fc.tuple(fc.constantFrom("range", "from", "to", "split", "x"), value);
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { maxLength: 4 }), async (pairs) => {
        const response = await overview(new URLSearchParams(pairs).toString());
        const body: unknown = await response.json();
        if (response.status === 200) overviewSchema.parse(body);
        else {
          expect(response.status).toBe(400);
          expect(apiErrorBodySchema.parse(body).error.code).toBe("bad_request");
        }
      }),
      { numRuns: 60 },
    );
  });
});
