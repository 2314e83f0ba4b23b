// The subscription routes with any input: every answer is the route's success or the one error
// shape with a 4xx (or 503 while no Accelo API is set), never a 500. Against the stand-in, the
// answers validate against the schemas the pages read them with.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBodySchema } from "@/lib/http/errors";
import { createdSubscriptionSchema, subscriptionsPageSchema } from "@/lib/subscriptions/schemas";
import {
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  type StandIn,
  startStandIn,
} from "@/scripts/stand-in/start-stand-in";
import { POST as dispatch } from "./[id]/dispatch/route";
import { DELETE } from "./[id]/route";
import { GET, POST } from "./route";

const context = (id: string) => ({ params: Promise.resolve({ id }) });
const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function expectErrorShape(response: Response, statuses: number[]) {
  expect(statuses).toContain(response.status);
  expect(apiErrorBodySchema.safeParse(await response.json()).success).toBe(true);
}

const SEED = 20261128;

describe("without an Accelo API", () => {
  it("answers any body and any id in the one error shape, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string({ maxLength: 40 }), async (body, id) => {
        const created = await POST(new Request("http://localhost/api/subscriptions", json(body)));
        await expectErrorShape(created, [400, 503]);
        const deleted = await DELETE(
          new Request(`http://localhost/api/subscriptions/x`, { method: "DELETE" }),
          context(id),
        );
        await expectErrorShape(deleted, [400, 503]);
        const sent = await dispatch(new Request("http://localhost/x", json(body)), context(id));
        await expectErrorShape(sent, [400, 503]);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("says which settings are missing", async () => {
    const response = await GET(new Request("http://localhost/api/subscriptions"));
    expect(response.status).toBe(503);
    expect(apiErrorBodySchema.parse(await response.json()).error.message).toContain("No Accelo API is set");
  });
});

describe("against the stand-in", () => {
  let standIn: StandIn;
  const saved = { ...process.env };
  beforeAll(async () => {
    standIn = await startStandIn();
    Object.assign(process.env, {
      ACCELO_API_BASE_URL: standIn.origin,
      ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
      ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
      PUBLIC_URL: "http://127.0.0.1:9",
    });
  });
  afterAll(async () => {
    process.env = saved;
    await standIn.close();
  });

  it("creates, lists, dispatches and deletes, each answer as the pages read it", async () => {
    const created = await POST(
      new Request(
        "http://localhost/api/subscriptions",
        json({ eventId: "create_quote", contentType: "application/json" }),
      ),
    );
    expect(created.status).toBe(201);
    const { subscription } = createdSubscriptionSchema.parse(await created.json());
    expect(subscription.triggerUrl).toBe("http://127.0.0.1:9/api/webhooks/accelo");

    const page = subscriptionsPageSchema.parse(
      await (await GET(new Request("http://localhost/api/subscriptions"))).json(),
    );
    expect(page.subscriptions.map(({ id }) => id)).toEqual([subscription.id]);
    expect(page.receiverUrl).toBe("http://127.0.0.1:9/api/webhooks/accelo");

    const unknownEvent = await POST(
      new Request("http://localhost/api/subscriptions", json({ eventId: "no_such_event" })),
    );
    await expectErrorShape(unknownEvent, [502]);

    const badObject = await dispatch(
      new Request("http://localhost/x", json({ objectId: "abc" })),
      context(subscription.id),
    );
    await expectErrorShape(badObject, [400]);

    const deleted = await DELETE(new Request("http://localhost/x", { method: "DELETE" }), context(subscription.id));
    expect(deleted.status).toBe(204);
    expect(standIn.subscriptions()).toEqual([]);
    const unknown = await dispatch(new Request("http://localhost/x", json({ objectId: "1" })), context("f".repeat(24)));
    await expectErrorShape(unknown, [404]);
  });
});
