// A bulk replay of everything the list's filters match, on the provider of the run: the dry run
// counts all of it (not a page), the replay enqueues at the pace it is given, shows its progress,
// can be cancelled (what it had not sent is dropped), and one that runs to the end sends each
// matching delivery once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { createDestination } from "../../../lib/forwarding/destinations";
import { advanceReplays, cancelReplay, replayProgress, startReplay } from "../../../lib/forwarding/replays";
import { scheduleForwards } from "../../../lib/forwarding/schedule";
import type { ReplayView } from "../../../lib/forwarding/schemas";
import { forwardDue } from "../../../lib/forwarding/worker";
import { destinationInput } from "./fixtures";
import { type Sink, startSink } from "./sink";

const MANY = 10_000;
const ALLOWED = { allowPrivateNetworks: true, retryWindowMs: 24 * 3600_000, pauseAfterMs: 24 * 3600_000 };
let sink: Sink;
let destinationId: number;

function stored(index: number, eventId: string) {
  const body = `id=${index}`;
  return {
    method: "POST",
    url: "/api/webhooks/accelo",
    headers: "[]",
    rawBody: Buffer.from(body),
    bodySize: body.length,
    bodyFormat: "form",
    contentType: "application/x-www-form-urlencoded",
    eventId,
    objectId: String(index),
    signatureVerdict: "valid",
    responseStatus: 200,
    fingerprint: `${eventId}:${index}`,
  };
}

beforeAll(async () => {
  sink = await startSink();
  const rows = Array.from({ length: MANY }, (_, index) =>
    stored(index, index % 2 === 0 ? "assign_task" : "create_quote"),
  );
  for (let start = 0; start < rows.length; start += 1000) {
    await db.delivery.createMany({ data: rows.slice(start, start + 1000) });
  }
  await db.delivery.createMany({ data: Array.from({ length: 20 }, (_, index) => stored(MANY + index, "rare_event")) });
  // Forwarding passes what was stored while no destination took anything: only replays send these.
  await scheduleForwards(new Date(Date.now() + 5_000));
  process.env.FORWARD_ALLOW_PRIVATE_NETWORKS = "true";
  ({ id: destinationId } = await createDestination(destinationInput({ name: "replays", url: sink.url() })));
});
afterAll(async () => {
  delete process.env.FORWARD_ALLOW_PRIVATE_NETWORKS;
  await sink.close();
});

describe("bulk replay", () => {
  it(`counts all ${MANY / 2} matches of ${MANY + 20} in the dry run, enqueues at its pace, and cancels`, async () => {
    expect(await startReplay({ filters: { event: "assign_task" }, destinationId, dryRun: true })).toEqual({
      count: MANY / 2,
    });
    expect(await startReplay({ filters: {}, destinationId, dryRun: true })).toEqual({ count: MANY + 20 });

    const started = (await startReplay({
      filters: { event: "assign_task" },
      destinationId,
      dryRun: false,
    })) as ReplayView;
    expect(started).toMatchObject({ total: MANY / 2, enqueued: 0, state: "running" });
    expect(await advanceReplays(1000)).toBe(1000);
    expect(await advanceReplays(1000)).toBe(1000);
    let progress = await replayProgress(started.id);
    expect(progress).toMatchObject({ enqueued: 2000, owed: 2000, sent: 0, state: "running" });

    await forwardDue("worker-a", ALLOWED);
    progress = await replayProgress(started.id);
    expect(progress.sent).toBe(8);
    expect(sink.requests.every((request) => Number(request.body.toString().slice(3)) % 2 === 0)).toBe(true);

    progress = await cancelReplay(started.id);
    expect(progress).toMatchObject({ state: "cancelled", sent: 8, owed: 0 });
    expect(await advanceReplays(1000)).toBe(0);
    expect(await db.forwardJob.count({ where: { replayId: started.id } })).toBe(8);
  });

  it("sends each match once when it runs to the end, and says it finished", async () => {
    sink.requests.length = 0;
    const started = (await startReplay({
      filters: { event: "rare_event" },
      destinationId,
      dryRun: false,
    })) as ReplayView;
    expect(started.total).toBe(20);
    while ((await advanceReplays(7)) > 0);
    for (let round = 0; round < 10 && (await forwardDue("worker-a", ALLOWED)) > 0; round++);
    await advanceReplays(7);
    const progress = await replayProgress(started.id);
    expect(progress).toMatchObject({ total: 20, enqueued: 20, sent: 20, failed: 0, owed: 0, state: "finished" });
    expect(sink.requests.map((request) => request.body.toString()).sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => `id=${MANY + index}`).sort(),
    );
  });
});
