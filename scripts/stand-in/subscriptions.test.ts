import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STAND_IN_ACCESS_TOKEN, type StandIn, startStandIn } from "./start-stand-in";

// The stand-in as a small Accelo: subscriptions kept and listed, and real signed deliveries POSTed
// to a trigger_url (here a local sink that records them and answers what a test tells it to).

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let standIn: StandIn;
let sink: http.Server;
let sinkUrl: string;
let received: Received[] = [];
let answerWith = 200;

beforeAll(async () => {
  standIn = await startStandIn();
  sink = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(answerWith).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/api/webhooks/accelo`;
});
afterAll(async () => {
  await standIn.close();
  await new Promise((resolve) => sink.close(resolve));
});
beforeEach(() => {
  standIn.reset();
  received = [];
  answerWith = 200;
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${standIn.origin}/api/v0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${STAND_IN_ACCESS_TOKEN}`, ...init.headers },
  });

async function subscribe(fields: Record<string, string>): Promise<string> {
  const response = await api("/webhooks/subscriptions", { method: "POST", body: new URLSearchParams(fields) });
  expect(response.status).toBe(201);
  const { response: created } = (await response.json()) as { response: { subscription: { subscription_id: string } } };
  return created.subscription.subscription_id;
}

describe("the stand-in's webhook subscriptions", () => {
  it("creates, lists (the secret never echoed), and deletes subscriptions with 24-hex ids", async () => {
    const id = await subscribe({ event_id: "assign_task", trigger_url: sinkUrl, secret: "s3cret-value" });
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const listed = await (await api("/webhooks/subscriptions")).json();
    expect(listed.response.subscriptions).toEqual([
      expect.objectContaining({
        subscription_id: id,
        event_id: "assign_task",
        trigger_url: sinkUrl,
        content_type: "application/x-www-form-urlencoded",
        trigger_table: "task",
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain("s3cret-value");
    const types = await (await api("/webhooks/subscriptions/types")).json();
    expect(types.response.event_types).toContainEqual(expect.objectContaining({ event_id: "assign_task" }));

    expect((await api(`/webhooks/subscriptions/${id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(`/webhooks/subscriptions/${id}`, { method: "DELETE" })).status).toBe(400);
    const unknownEvent = await api("/webhooks/subscriptions", {
      method: "POST",
      body: new URLSearchParams({ event_id: "no_such_event", trigger_url: sinkUrl }),
    });
    expect(unknownEvent.status).toBe(400);
  });

  it("dispatches one signed delivery and answers the receiver's status", async () => {
    const secret = "dispatch-secret";
    const id = await subscribe({
      event_id: "assign_task",
      trigger_url: sinkUrl,
      secret,
      content_type: "application/json",
    });
    answerWith = 202;
    const dispatched = await api(`/webhooks/subscriptions/${id}/dispatch`, {
      method: "POST",
      body: JSON.stringify({ object_id: 42 }),
    });
    expect((await dispatched.json()).response).toEqual({ status: 202 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["x-accelo-event"]).toBe("assign_task");
    expect(delivery.headers["x-hub-signature"]).toBe(createHmac("sha1", secret).update(delivery.body).digest("hex"));
    expect(JSON.parse(delivery.body)).toEqual({ id: 42, resource_url: standIn.resourceUrl("tasks", 42) });
  });

  it("sends a delivery when an object changes, in both forms of resource URL, to each matching subscription", async () => {
    await subscribe({ event_id: "assign_task", trigger_url: sinkUrl, secret: "a" });
    await subscribe({ event_id: "update_issue", trigger_url: sinkUrl, secret: "b" });
    standIn.setObject("tasks", 7, { status: "complete" });
    standIn.setObject("tasks", 7, { status: "pending" });
    await standIn.settled();
    expect(received.map((delivery) => delivery.headers["x-accelo-event"])).toEqual(["assign_task", "assign_task"]);
    const urls = received.map((delivery) => new URLSearchParams(delivery.body).get("resource_url"));
    expect(urls.sort()).toEqual([standIn.resourceUrl("tasks", 7), `${standIn.resourceUrl("tasks", 7)}.json`]);
    expect(standIn.sentDeliveries().map((sent) => sent.status)).toEqual([200, 200]);
  });

  it("deletes a subscription whose receiver answers 410, as Accelo does", async () => {
    const id = await subscribe({ event_id: "assign_task", trigger_url: sinkUrl });
    answerWith = 410;
    await api(`/webhooks/subscriptions/${id}/dispatch`, { method: "POST", body: "object_id=3" });
    expect(standIn.subscriptions()).toEqual([]);
    expect(received[0].headers["x-hub-signature"]).toBeUndefined();
  });

  it("answers 200 with the status in meta under _suppress_http_status", async () => {
    const suppressed = await api("/tasks/0?_suppress_http_status=1");
    expect(suppressed.status).toBe(200);
    expect((await suppressed.json()).meta.status).toBe("invalid_request");
  });
});
