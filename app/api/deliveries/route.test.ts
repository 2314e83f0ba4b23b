import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveryListPageSchema, recentFailuresSchema } from "@/lib/deliveries/schemas";
import { apiErrorBodySchema } from "@/lib/http/errors";
import { signBody } from "@/lib/receiver/signature/sign";
import { POST as receive } from "../webhooks/accelo/route";
import { GET as recentFailures } from "./recent-failures/route";
import { GET } from "./route";

const SECRET = "list-route-secret";

async function deliver(event: string, id: number, signature: "valid" | "invalid" | "missing") {
  const body = `id=${id}&resource_url=${encodeURIComponent(`https://acme.api.accelo.com/api/v0/tasks/${id}`)}`;
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded", "x-accelo-event": event });
  if (signature !== "missing") headers.set("x-hub-signature", signBody(body, signature === "valid" ? SECRET : "wrong"));
  await receive(new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers, body }));
}

const list = (query: string) => GET(new Request(`http://localhost/api/deliveries?${query}`));

beforeEach(() => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
});
afterEach(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("GET /api/deliveries", () => {
  it("searches fields of what the receiver stored, and refuses a search it cannot read with a 400 saying why", async () => {
    await deliver("create_task", 41, "valid");
    await deliver("assign_task", 4142, "valid");

    const found = deliveryListPageSchema.parse(await (await list("q=id:4142")).json());
    expect(found.items.map((item) => item.objectId)).toEqual(["4142"]);
    const byHeader = deliveryListPageSchema.parse(
      await (await list(`q=${encodeURIComponent("header.X-Accelo-Event:create_task 41")}`)).json(),
    );
    expect(byHeader.items.map((item) => item.objectId)).toEqual(["41"]);

    const refused = await list("q=colour:red");
    expect(refused.status).toBe(400);
    const { error } = apiErrorBodySchema.parse(await refused.json());
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/^Invalid request: q: Unknown search field "colour"/);
  });

  it("answers a page of what the receiver stored, filtered by the query", async () => {
    await deliver("create_task", 1, "valid");
    await deliver("assign_task", 2, "invalid");
    await deliver("assign_task", 3, "missing");

    const response = await list("event=assign_task&limit=1");
    expect(response.status).toBe(200);
    const page = deliveryListPageSchema.parse(await response.json());
    expect(page.items.map((item) => [item.objectId, item.signatureVerdict, item.responseStatus])).toEqual([
      ["3", "missing", 401],
    ]);
    expect(page.nextCursor).not.toBeNull();

    const next = deliveryListPageSchema.parse(
      await (await list(`event=assign_task&limit=1&cursor=${page.nextCursor}`)).json(),
    );
    expect(next.items.map((item) => item.objectId)).toEqual(["2"]);

    const failures = recentFailuresSchema.parse(
      await (await recentFailures(new Request("http://localhost/api/deliveries/recent-failures"))).json(),
    );
    expect(failures.count).toBe(2);
  });

  it.each(["limit=500", "limit=0", "verdict=maybe", "cursor=not-a-cursor", "range=1y", "from=yesterday"])(
    "refuses %s with the one error shape",
    async (query) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(apiErrorBodySchema.parse(await response.json()).error.code).toBe("bad_request");
    },
  );
});
