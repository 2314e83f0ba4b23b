// `npm run listen` against the delivery stream, served over HTTP by its route handler: deliveries
// reach the local URL with their exact bytes and headers, in order; when the monitor goes away
// and comes back on the same address, listening resumes after the last delivery seen, with
// nothing missed and nothing sent twice; --events and --verified-only narrow what is sent.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as stream } from "../../../app/api/deliveries/stream/route";
import { POST as receive } from "../../../app/api/webhooks/accelo/route";
import { signBody } from "../../../lib/receiver/signature/sign";
import { type ForwardedLine, listen } from "../../../scripts/lib/listen";
import { type Sink, startSink } from "../forwarding/sink";
import { serveRoute } from "../serve-route";

const SECRET = "listen-webhook-secret";

async function deliver(body: string, { event = "assign_task", signed = true } = {}): Promise<number> {
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded", "x-accelo-event": event });
  if (signed) headers.set("x-hub-signature", signBody(body, SECRET));
  const response = await receive(
    new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers, body }),
  );
  const answer = (await response.json()) as { id?: number; error?: { details: { id: number } } };
  return answer.id ?? (answer.error?.details.id as number);
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(50);
  }
}

let sink: Sink;
beforeAll(async () => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
  sink = await startSink();
});
afterAll(async () => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
  await sink.close();
});

describe("listen", () => {
  it("forwards every delivery from --from on in order, and resumes without a gap after the monitor restarts", async () => {
    const served = serveRoute(stream);
    await served.open();
    const first = await deliver("id=1&x=%E2%9C%93");
    await deliver("id=2");
    await deliver("id=3");
    const lines: ForwardedLine[] = [];
    const statuses: string[] = [];
    const controller = new AbortController();
    const listening = listen(
      { url: served.origin(), token: "unused here", forwardTo: sink.url("/local"), from: first },
      { signal: controller.signal, onLine: (line) => lines.push(line), onStatus: (status) => statuses.push(status) },
    );
    await until(() => sink.requests.length === 3);
    expect(sink.requests[0].body.toString()).toBe("id=1&x=%E2%9C%93");
    expect(sink.requests[0].headers["x-hub-signature"]).toBe(signBody("id=1&x=%E2%9C%93", SECRET));
    expect(sink.requests[0].headers["x-accelo-event"]).toBe("assign_task");
    expect(sink.requests[0].headers["x-accelo-monitor-delivery"]).toBe(String(first));

    await served.close();
    const whileAway = [await deliver("id=4"), await deliver("id=5")];
    await sleep(300);
    await served.open();
    await until(() => sink.requests.length === 5, 15_000);
    await deliver("id=6");
    await until(() => sink.requests.length === 6);
    controller.abort();
    await listening;

    expect(sink.requests.map((request) => request.body.toString())).toEqual([
      "id=1&x=%E2%9C%93",
      "id=2",
      "id=3",
      "id=4",
      "id=5",
      "id=6",
    ]);
    expect(lines.map((line) => line.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(lines.slice(3, 5).map((line) => line.delivery.id)).toEqual(whileAway);
    expect(statuses[0]).toMatch(/^lost the monitor/);
    expect(statuses[1]).toMatch(/^connected again; resuming after delivery #/);
    await served.close();
  }, 30_000);

  it("sends only the events asked for, and only verified ones with --verified-only", async () => {
    sink.requests.length = 0;
    const served = serveRoute(stream);
    await served.open();
    const controller = new AbortController();
    const listening = listen(
      {
        url: served.origin(),
        token: "unused here",
        forwardTo: sink.url("/local"),
        events: ["create_quote"],
        verifiedOnly: true,
      },
      { signal: controller.signal, onLine: () => {} },
    );
    await sleep(300);
    await deliver("id=10", { event: "create_quote" });
    await deliver("id=11", { event: "assign_task" });
    await deliver("id=12", { event: "create_quote", signed: false });
    await deliver("id=13", { event: "create_quote" });
    await until(() => sink.requests.length === 2);
    await sleep(700);
    controller.abort();
    await listening;
    expect(sink.requests.map((request) => request.body.toString())).toEqual(["id=10", "id=13"]);
    await served.close();
  });
});
