import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveryDetailSchema } from "@/lib/deliveries/get-delivery";
import { signBody } from "@/lib/receiver/signature/sign";
import { POST as receive } from "../../webhooks/accelo/route";
import { GET } from "./route";

const SECRETS = "first-secret, second-secret";

function get(id: string) {
  return GET(new Request(`http://localhost/api/deliveries/${id}`), { params: Promise.resolve({ id }) });
}

beforeEach(() => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRETS;
});

afterEach(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("GET /api/deliveries/{id}", () => {
  it("answers with what the receiver stored, signature explained", async () => {
    const body = "id=7&resource_url=https%3A%2F%2Facme.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F7";
    const received = await receive(
      new Request("http://localhost/api/webhooks/accelo", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-accelo-event": "assign_task",
          "x-hub-signature": signBody(body, "second-secret", { algorithm: "sha256", prefixed: true }),
        },
        body,
      }),
    );
    const { id } = (await received.json()) as { id: number };

    const response = await get(String(id));
    expect(response.status).toBe(200);
    const detail = deliveryDetailSchema.parse(await response.json());
    expect(detail).toMatchObject({
      id,
      eventId: "assign_task",
      objectId: "7",
      resourceType: "tasks",
      resourceId: "7",
      body: { text: body, format: "form", size: body.length },
      signature: {
        verdict: "valid",
        algorithm: "sha256",
        algorithmFrom: "prefix",
        secretIndex: 1,
        explanation: {
          algorithm: "SHA-256, from the sha256= prefix",
          secret: "secret #2 of 2 in ACCELO_WEBHOOK_SECRET",
        },
      },
    });
    expect(JSON.parse(detail.body.payloadJson ?? "")).toEqual({
      id: "7",
      resource_url: "https://acme.api.accelo.com/api/v0/tasks/7",
    });
    expect(detail.headers).toContainEqual(["x-accelo-event", "assign_task"]);
  });

  it("answers 404 in the one error shape for an unknown id", async () => {
    const response = await get("424242");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No delivery with id 424242" } });
  });

  it.each(["abc", "0", "-1", "1e3", "0x10", " 7", "7.0", "99999999999"])("answers 400 for the id %j", async (id) => {
    const response = await get(id);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });
});
