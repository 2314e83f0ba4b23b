// Forwarding against local sinks, on the provider of the run: exact bytes and headers arrive, a
// sink that fails then recovers gets the delivery after the backoff, a final answer stops the
// retries, redirects are not followed, private addresses are refused unless allowed, racing
// workers send each delivery once, and a destination failing for the whole window is paused.
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as receive } from "../../../app/api/webhooks/accelo/route";
import { db } from "../../../lib/db/client";
import { deliveryFiltersSchema } from "../../../lib/deliveries/filters";
import { listDeliveries } from "../../../lib/deliveries/list-deliveries";
import { createDestination, updateDestination } from "../../../lib/forwarding/destinations";
import { claimForwardJobs, settleForwardJob } from "../../../lib/forwarding/jobs";
import { SETTLE_MS } from "../../../lib/forwarding/schedule";
import { deliveryForwarding, listDestinations, replayDelivery } from "../../../lib/forwarding/views";
import { forwardDue } from "../../../lib/forwarding/worker";
import { signBody } from "../../../lib/receiver/signature/sign";
import { destinationInput } from "./fixtures";
import { type Sink, startSink } from "./sink";

const SECRET = "forwarding-webhook-secret";
const ALLOWED = { allowPrivateNetworks: true, retryWindowMs: 24 * 3600_000, pauseAfterMs: 24 * 3600_000 };
let sink: Sink;

beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
  process.env.FORWARD_ALLOW_PRIVATE_NETWORKS = "true";
  sink.requests.length = 0;
  sink.answers.length = 0;
});
afterEach(async () => {
  delete process.env.FORWARD_ALLOW_PRIVATE_NETWORKS;
  await db.destination.deleteMany();
});

async function deliver(body: string, { event = "assign_task", signed = true } = {}): Promise<number> {
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded", "x-accelo-event": event });
  if (signed) headers.set("x-hub-signature", signBody(body, SECRET));
  const response = await receive(
    new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers, body }),
  );
  const answer = (await response.json()) as { id?: number; error?: { details: { id: number } } };
  return answer.id ?? (answer.error?.details.id as number);
}

/** A clock past the settling time of everything stored so far, `later` ms further on. */
const settled =
  (later = 0) =>
  () =>
    new Date(Date.now() + SETTLE_MS + 50 + later);

async function forwardAll(clock = settled(), workerId = "worker-a"): Promise<void> {
  for (let round = 0; round < 50 && (await forwardDue(workerId, ALLOWED, clock)) > 0; round++);
}

describe("forwarding", () => {
  it("sends the exact body bytes with Accelo's headers, ours, and a signature of its own", async () => {
    const destination = await createDestination(
      destinationInput({ name: "integration", url: sink.url(), secret: "destination-signing-secret" }),
    );
    await forwardAll();
    const body = "id=42&resource_url=https%3A%2F%2Facme.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F42&note=%E2%9C%93+%26";
    const id = await deliver(body);
    await forwardAll();

    expect(sink.requests).toHaveLength(1);
    const [arrived] = sink.requests;
    expect(arrived.body.equals(Buffer.from(body))).toBe(true);
    expect(arrived.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(arrived.headers["x-accelo-event"]).toBe("assign_task");
    expect(arrived.headers["x-hub-signature"]).toBe(signBody(body, SECRET));
    expect(arrived.headers["x-accelo-monitor-delivery"]).toBe(String(id));
    expect(arrived.headers["x-monitor-signature"]).toBe(
      `sha256=${createHmac("sha256", "destination-signing-secret").update(body).digest("hex")}`,
    );

    const forwarding = await deliveryForwarding(id);
    expect(forwarding.destinations).toEqual([
      expect.objectContaining({
        destinationId: destination.id,
        status: "done",
        attempts: [expect.objectContaining({ httpStatus: 200, response: "ok", nextRetryAt: null })],
      }),
    ]);
    const [view] = await listDestinations();
    expect(view.stats).toEqual({ attempts24h: 1, succeeded24h: 1, backlog: 0 });
    expect(view.signed).toBe(true);
  });

  it("retries a 500 after the backoff and delivers once the sink recovers; a 404 is final", async () => {
    await createDestination(destinationInput({ name: "flaky", url: sink.url() }));
    sink.answers.push({ status: 500, body: "down for a moment" });
    const id = await deliver("id=7");
    await forwardAll();
    let forwarding = await deliveryForwarding(id);
    expect(forwarding.destinations[0].status).toBe("pending");
    const [first] = forwarding.destinations[0].attempts;
    expect(first).toMatchObject({ httpStatus: 500, response: "down for a moment" });
    const retryIn = Date.parse(first.nextRetryAt ?? "") - Date.parse(first.startedAt);
    expect(retryIn).toBeGreaterThanOrEqual(8_000);
    expect(retryIn).toBeLessThanOrEqual(12_000 + SETTLE_MS + 100);

    await forwardAll(settled(5_000));
    expect(sink.requests).toHaveLength(1);
    await forwardAll(settled(15_000));
    forwarding = await deliveryForwarding(id);
    expect(forwarding.destinations[0].status).toBe("done");
    expect(forwarding.destinations[0].attempts.map((attempt) => attempt.httpStatus)).toEqual([500, 200]);

    sink.answers.push({ status: 404, body: "no such hook" });
    const gone = await deliver("id=8");
    await forwardAll();
    await forwardAll(settled(3_600_000));
    const final = await deliveryForwarding(gone);
    expect(final.destinations[0]).toMatchObject({ status: "failed" });
    expect(final.destinations[0].attempts).toEqual([expect.objectContaining({ httpStatus: 404, nextRetryAt: null })]);
    // The list's "forward failed" filter finds it, and not the delivery that got through.
    const failedOnly = await listDeliveries(deliveryFiltersSchema.parse({ forward: "failed" }));
    expect(failedOnly.items.map((item) => item.id)).toEqual([gone]);
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    await createDestination(destinationInput({ name: "moved", url: sink.url() }));
    sink.answers.push({ status: 302, headers: { location: sink.url("/elsewhere") } });
    const id = await deliver("id=9");
    await forwardAll(settled(3_600_000));
    expect(sink.requests.map((request) => request.path)).toEqual(["/hook"]);
    expect((await deliveryForwarding(id)).destinations[0]).toMatchObject({ status: "failed" });
  });

  it("refuses loopback and private addresses unless FORWARD_ALLOW_PRIVATE_NETWORKS is set, also at send time", async () => {
    delete process.env.FORWARD_ALLOW_PRIVATE_NETWORKS;
    const input = destinationInput({ name: "inside", url: sink.url() });
    await expect(createDestination(input)).rejects.toThrow(/loopback or private address/);
    await expect(createDestination({ ...input, url: "http://169.254.169.254/latest/meta-data" })).rejects.toThrow(
      /private address/,
    );
    await expect(createDestination({ ...input, url: "http://[::ffff:10.0.0.1]/" })).rejects.toThrow(/private address/);
    await expect(createDestination({ ...input, url: "ftp://example.com/" })).rejects.toThrow(/http/);

    process.env.FORWARD_ALLOW_PRIVATE_NETWORKS = "true";
    await createDestination(input);
    const id = await deliver("id=10");
    await forwardDue("worker-a", { ...ALLOWED, allowPrivateNetworks: false }, settled());
    expect(sink.requests).toHaveLength(0);
    const [destination] = (await deliveryForwarding(id)).destinations;
    expect(destination.status).toBe("failed");
    expect(destination.attempts[0].error).toMatch(/127\.0\.0\.1.*FORWARD_ALLOW_PRIVATE_NETWORKS/);
  });

  it("forwards what each destination takes: its events, failed signatures only when asked, nothing from before it", async () => {
    await deliver("id=1");
    // The watermark passes what arrived while no destination took anything.
    await forwardAll();
    await createDestination(destinationInput({ name: "tasks", url: sink.url("/tasks"), events: ["assign_task"] }));
    await createDestination(destinationInput({ name: "all", url: sink.url("/all"), includeFailedSignatures: true }));
    await forwardAll();
    expect(sink.requests).toHaveLength(0);

    await deliver("id=2", { event: "assign_task" });
    await deliver("id=3", { event: "create_quote" });
    await deliver("id=4", { event: "assign_task", signed: false });
    await forwardAll();
    const by = (path: string) =>
      sink.requests.filter((request) => request.path === path).map((request) => request.body.toString());
    expect(by("/tasks")).toEqual(["id=2"]);
    expect(by("/all").sort()).toEqual(["id=2", "id=3", "id=4"]);
  });

  it("never passes over a delivery whose id comes before one that settled first (two instances' batches)", async () => {
    await createDestination(destinationInput({ name: "order", url: sink.url() }));
    await forwardAll();
    // Instances stamp arrival before they insert: a batch with lower ids can carry a later time.
    const now = Date.now();
    const row = (body: string, receivedAt: number) => ({
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: "[]",
      rawBody: Buffer.from(body),
      bodySize: body.length,
      bodyFormat: "form",
      eventId: "assign_task",
      signatureVerdict: "valid",
      responseStatus: 200,
      fingerprint: `order:${body}`,
      receivedAt: new Date(receivedAt),
    });
    const settled = await db.delivery.create({ data: row("id=41", now - 5_000) });
    const late = await db.delivery.create({ data: row("id=42", now) });
    const early = await db.delivery.create({ data: row("id=43", now - 5_000) });
    await forwardAll(() => new Date(now + 500));
    expect(sink.requests.map((request) => request.body.toString())).toEqual(["id=41"]);
    await forwardAll(() => new Date(now + SETTLE_MS + 500));
    expect(sink.requests.map((request) => Number(request.headers["x-accelo-monitor-delivery"]))).toEqual([
      settled.id,
      late.id,
      early.id,
    ]);
  });

  it("sends each delivery once when two workers race for the queue", async () => {
    await createDestination(destinationInput({ name: "race", url: sink.url() }));
    await forwardAll();
    const ids = [];
    for (let n = 0; n < 40; n++) ids.push(await deliver(`id=${1000 + n}`));
    const clock = settled();
    await Promise.all(
      ["worker-a", "worker-b"].map(async (workerId) => {
        for (let round = 0; round < 50; round++) {
          if ((await forwardDue(workerId, ALLOWED, clock)) === 0 && round > 2) break;
        }
      }),
    );
    const sent = sink.requests.map((request) => Number(request.headers["x-accelo-monitor-delivery"]));
    expect(sent.sort((a, b) => a - b)).toEqual(ids);
  });

  it("pauses a destination that failed for the whole window, and a person resumes it", async () => {
    const destination = await createDestination(destinationInput({ name: "broken", url: sink.url() }));
    sink.answers.push({ status: 503 }, { status: 503 });
    await deliver("id=20");
    const windowed = { ...ALLOWED, pauseAfterMs: 60_000 };
    await forwardDue("worker-a", windowed, settled());
    expect((await listDestinations())[0]).toMatchObject({ enabled: true, pausedReason: null });
    await forwardDue("worker-a", windowed, settled(120_000));
    const [paused] = await listDestinations();
    expect(paused.enabled).toBe(false);
    expect(paused.pausedReason).toMatch(/^Paused by the monitor: every attempt failed from/);
    expect(paused.stats.backlog).toBe(1);
    await expect(replayDelivery(await deliver("id=21"), destination.id)).rejects.toThrow(/paused/);

    await updateDestination(destination.id, { enabled: true });
    const [resumed] = await listDestinations();
    expect(resumed).toMatchObject({ enabled: true, pausedReason: null, failingSince: null });
  });

  it("replays one delivery to one destination as a job of its own", async () => {
    const destination = await createDestination(
      destinationInput({ name: "replays", url: sink.url(), events: ["never_sent"] }),
    );
    const id = await deliver("id=30");
    await forwardAll();
    expect(sink.requests).toHaveLength(0);
    await replayDelivery(id, destination.id);
    await forwardAll();
    expect(sink.requests.map((request) => request.body.toString())).toEqual(["id=30"]);
    expect((await deliveryForwarding(id)).destinations[0]).toMatchObject({ status: "done" });
  });

  it("settles a job and records its attempt together, or neither", async () => {
    const destination = await createDestination(
      destinationInput({ name: "atomic", url: sink.url(), events: ["never_sent"] }),
    );
    const id = await deliver("id=31");
    const jobId = await replayDelivery(id, destination.id).then((replay) => replay.jobId);
    const [job] = await claimForwardJobs("worker-a", 10, new Date(Date.now() + 60_000));
    expect(job.id).toBe(jobId);
    const attempt = { durationMs: 3, httpStatus: 200, error: null, responseExcerpt: null };

    // An attempt the database refuses must leave the job as it was, so the page never reads it done without its attempt.
    await expect(
      settleForwardJob(job, "worker-a", { ...attempt, startedAt: new Date(Number.NaN) }, { status: "done" }),
    ).rejects.toThrow();
    expect(await db.forwardJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "running",
      lockedBy: "worker-a",
    });
    expect(await db.forwardAttempt.count({ where: { jobId } })).toBe(0);

    expect(await settleForwardJob(job, "worker-a", { ...attempt, startedAt: new Date() }, { status: "done" })).toBe(
      true,
    );
    expect((await deliveryForwarding(id)).destinations[0]).toMatchObject({ status: "done" });
    expect(await db.forwardAttempt.count({ where: { jobId } })).toBe(1);
  });
});
