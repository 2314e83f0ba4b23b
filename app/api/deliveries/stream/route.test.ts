// The stream's query with any input: a stream (200) or the one error shape (400), never a 500;
// with follow=false it ends once caught up, having sent every delivery after `after` in order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiErrorBodySchema } from "@/lib/http/errors";
import { signBody } from "@/lib/receiver/signature/sign";
import { POST as receive } from "../../webhooks/accelo/route";
import { GET } from "./route";

const SECRET = "stream-route-secret";

describe("GET /api/deliveries/stream", () => {
  it("answers any query with a stream or a 400 in the one shape", async () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
      fc.constantFrom("true", "false", "-1", "1e3"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("after", "events", "verified", "follow", "other"), anyValue),
        async (query) => {
          const params = new URLSearchParams({ ...query, follow: "false" });
          const response = await GET(new Request(`http://localhost/api/deliveries/stream?${params}`));
          if (response.status === 200) {
            expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
            await response.text();
          } else {
            expect(response.status).toBe(400);
            expect(apiErrorBodySchema.safeParse(await response.json()).success).toBe(true);
          }
        },
      ),
      { seed: 20261128, numRuns: 80 },
    );
  });

  it("sends each delivery after `after` as an event whose id is the delivery's, then ends when told not to follow", async () => {
    process.env.ACCELO_WEBHOOK_SECRET = SECRET;
    const ids: number[] = [];
    for (const body of ["id=1", "id=2", "id=3"]) {
      const headers = new Headers({
        "content-type": "application/x-www-form-urlencoded",
        "x-hub-signature": signBody(body, SECRET),
      });
      const answer = await receive(
        new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers, body }),
      );
      ids.push(((await answer.json()) as { id: number }).id);
    }
    delete process.env.ACCELO_WEBHOOK_SECRET;
    const text = await (
      await GET(new Request(`http://localhost/api/deliveries/stream?after=${ids[0]}&follow=false`))
    ).text();
    expect([...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]))).toEqual(ids.slice(1));
    const resumed = await GET(
      new Request("http://localhost/api/deliveries/stream?follow=false", {
        headers: { "last-event-id": String(ids[1]) },
      }),
    );
    expect([...(await resumed.text()).matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]))).toEqual([ids[2]]);
  });
});
