// The background fetch against the Accelo stand-in, on a real database: what is fetched, what is
// refused, how Accelo's failures are met, and that jobs are shared out and coalesced correctly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { CLAIM_LEASE_MS, claimNextBatch } from "../../../lib/fetch-queue/jobs";
import { recoverUnscheduledFetches, scheduleFetchForDeliveries } from "../../../lib/fetch-queue/schedule";
import { processNextBatch } from "../../../lib/fetch-queue/worker";
import { type StandIn, startStandIn } from "../../../scripts/stand-in/start-stand-in";
import { drain, standInConfig, storedDelivery } from "./fixtures";

let standIn: StandIn;
let elsewhere: StandIn;

beforeAll(async () => {
  standIn = await startStandIn();
  elsewhere = await startStandIn();
});
afterAll(async () => {
  await standIn.close();
  await elsewhere.close();
});
beforeEach(async () => {
  standIn.clearFaults();
  await db.fetchJob.deleteMany();
  await db.apiBudget.deleteMany();
});

const later = (ms: number) => new Date(Date.now() + ms);

async function deliveryFor(type: string, id: number, signatureVerdict = "valid") {
  const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl(type, id), signatureVerdict });
  await scheduleFetchForDeliveries([delivery], standInConfig(standIn));
  return delivery;
}

async function jobOf(deliveryId: number) {
  return db.fetchJob.findFirstOrThrow({ where: { deliveryId } });
}

describe("automatic fetch", () => {
  it("fetches a validly signed delivery's resource with every field and stores it as a snapshot", async () => {
    const delivery = await deliveryFor("tasks", 101);
    expect((await jobOf(delivery.id)).status).toBe("pending");

    expect(await drain(standInConfig(standIn), "worker-a")).toBe(1);

    const job = await jobOf(delivery.id);
    expect(job).toMatchObject({ status: "done", attempts: 1, lockedBy: null });
    const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: job.snapshotId! } });
    expect(snapshot).toMatchObject({
      resourceUrl: standIn.resourceUrl("tasks", 101),
      resourceType: "tasks",
      resourceId: "101",
      trigger: "delivery",
      deliveryId: delivery.id,
      httpStatus: 200,
      error: null,
    });
    const response = JSON.parse(snapshot.response!);
    expect(response).toMatchObject({ id: "101", status: "pending", against_type: "company" });
    expect(JSON.parse(snapshot.meta!)).toMatchObject({ status: "ok" });
    expect(snapshot.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(standIn.requests().at(-1)?.path).toBe("/api/v0/tasks/101?_fields=_ALL");
  });

  it("recognises identical consecutive contents by their hash", async () => {
    const config = standInConfig(standIn);
    await deliveryFor("issues", 5);
    await drain(config, "worker-a");
    await deliveryFor("issues", 5);
    await drain(config, "worker-a");
    standIn.setObject("issues", 5, { standing: "resolved" });
    await deliveryFor("issues", 5);
    await drain(config, "worker-a");

    const hashes = (
      await db.snapshot.findMany({ where: { resourceType: "issues", resourceId: "5" }, orderBy: { id: "asc" } })
    ).map((snapshot) => snapshot.contentHash);
    expect(hashes).toHaveLength(3);
    expect(hashes[1]).toBe(hashes[0]);
    expect(hashes[2]).not.toBe(hashes[1]);
  });

  it("fetches once for a burst of deliveries of one object, and credits the snapshot to all of them", async () => {
    const deliveries = [];
    for (let i = 0; i < 6; i++) deliveries.push(await deliveryFor("tasks", 202));

    await drain(standInConfig(standIn), "worker-a");

    expect(standIn.requestCount("tasks", 202)).toBe(1);
    const jobs = await db.fetchJob.findMany({ where: { deliveryId: { in: deliveries.map((d) => d.id) } } });
    expect(jobs).toHaveLength(6);
    expect(new Set(jobs.map((job) => job.status))).toEqual(new Set(["done"]));
    expect(new Set(jobs.map((job) => job.snapshotId)).size).toBe(1);
    const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: jobs[0].snapshotId! } });
    expect(snapshot.deliveryId).toBe(deliveries[0].id);
  });

  it("takes /tasks/7.json and /tasks/7 for one object: one fetch of the canonical form, one timeline", async () => {
    const config = standInConfig(standIn);
    const suffixed = await storedDelivery({ resourceUrl: `${standIn.resourceUrl("tasks", 303)}.json` });
    const plain = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 303) });
    await scheduleFetchForDeliveries([suffixed, plain], config);
    await drain(config, "worker-a");

    expect(standIn.requestCount("tasks", 303)).toBe(1);
    expect(standIn.requests().at(-1)?.path).toBe("/api/v0/tasks/303?_fields=_ALL");
    const jobs = [await jobOf(suffixed.id), await jobOf(plain.id)];
    expect(jobs.map((job) => job.status)).toEqual(["done", "done"]);
    expect(jobs[0].snapshotId).toBe(jobs[1].snapshotId);
    const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: jobs[0].snapshotId! } });
    expect(snapshot).toMatchObject({
      resourceUrl: standIn.resourceUrl("tasks", 303),
      resourceType: "tasks",
      resourceId: "303",
    });
  });

  it("records the jobs of many deliveries at once, each with its own outcome", async () => {
    const valid = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 111) });
    const forged = await storedDelivery({
      resourceUrl: standIn.resourceUrl("tasks", 111),
      signatureVerdict: "invalid",
    });
    const deleted = await storedDelivery({ resourceUrl: null, eventId: "delete_invoice" });
    await scheduleFetchForDeliveries([valid, forged, deleted], standInConfig(standIn));

    expect(await jobOf(valid.id)).toMatchObject({ status: "pending", resourceType: "tasks", resourceId: "111" });
    expect(await jobOf(forged.id)).toMatchObject({ status: "skipped", reason: "signature_invalid" });
    expect(await jobOf(deleted.id)).toMatchObject({ status: "skipped", reason: "no_resource_url" });
  });

  it("records nothing to fetch for a delivery without resource_url", async () => {
    const delivery = await storedDelivery({ resourceUrl: null, eventId: "delete_invoice" });
    await scheduleFetchForDeliveries([delivery], standInConfig(standIn));
    expect(await jobOf(delivery.id)).toMatchObject({ status: "skipped", reason: "no_resource_url" });
  });

  it("records a skip when automatic fetching is off", async () => {
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 9) });
    await scheduleFetchForDeliveries([delivery], standInConfig(standIn, { autoFetch: false }));
    expect(await jobOf(delivery.id)).toMatchObject({ status: "skipped", reason: "auto_fetch_disabled" });
  });
});

describe("refusals", () => {
  it.each([
    ["invalid", "signature_invalid"],
    ["missing", "signature_missing"],
    ["unverified", "signature_unverified"],
  ])("never fetches for a delivery whose signature is %s", async (verdict, reason) => {
    const before = standIn.requests().length;
    const tokensBefore = standIn.tokenRequests();
    const delivery = await deliveryFor("tasks", 303, verdict);

    await drain(standInConfig(standIn), "worker-a");

    expect(await jobOf(delivery.id)).toMatchObject({ status: "skipped", reason });
    expect(standIn.requests().length).toBe(before);
    expect(standIn.tokenRequests()).toBe(tokensBefore);
  });

  it("fetches an unverified delivery when the operator opted in", async () => {
    const delivery = await storedDelivery({
      resourceUrl: standIn.resourceUrl("tasks", 304),
      signatureVerdict: "unverified",
    });
    const config = standInConfig(standIn, { fetchUnverified: true });
    await scheduleFetchForDeliveries([delivery], config);
    await drain(config, "worker-a");
    expect(await jobOf(delivery.id)).toMatchObject({ status: "done" });
  });

  it("never sends anything, token included, to another origin named by a validly signed delivery", async () => {
    const delivery = await storedDelivery({ resourceUrl: elsewhere.resourceUrl("tasks", 1) });
    await scheduleFetchForDeliveries([delivery], standInConfig(standIn));
    await drain(standInConfig(standIn), "worker-a");

    expect(await jobOf(delivery.id)).toMatchObject({ status: "skipped", reason: "foreign_origin" });
    expect(elsewhere.requests()).toEqual([]);
    expect(elsewhere.tokenRequests()).toBe(0);
  });

  it("refuses a path-traversal URL on the right origin", async () => {
    const delivery = await storedDelivery({ resourceUrl: `${standIn.origin}/api/v0/tasks/../../oauth2/v0/token` });
    await scheduleFetchForDeliveries([delivery], standInConfig(standIn));
    expect(await jobOf(delivery.id)).toMatchObject({ status: "skipped", reason: "invalid_url" });
  });
});

describe("Accelo's answers", () => {
  it("stores 'object gone' for an unknown id and does not retry it", async () => {
    standIn.deleteObject("tasks", 404);
    const delivery = await deliveryFor("tasks", 404);
    await drain(standInConfig(standIn), "worker-a", later(60 * 60 * 1000));

    const job = await jobOf(delivery.id);
    expect(job).toMatchObject({ status: "failed", reason: "object_gone", attempts: 1 });
    const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: job.snapshotId! } });
    expect(snapshot).toMatchObject({ httpStatus: 400, error: "object_gone", response: null });
    expect(JSON.parse(snapshot.meta!)).toMatchObject({ status: "invalid_request" });
    expect(standIn.requestCount("tasks", 404)).toBe(1);
  });

  it("retries a 5xx with backoff and stores the snapshot once it succeeds", async () => {
    standIn.setFault({ kind: "server_error", times: 1 });
    const delivery = await deliveryFor("tasks", 500);
    const config = standInConfig(standIn);

    await drain(config, "worker-a");
    const held = await jobOf(delivery.id);
    expect(held).toMatchObject({ status: "pending", reason: "server_error", attempts: 1 });
    expect(held.runAfter.getTime()).toBeGreaterThan(Date.now());
    expect(await db.snapshot.count({ where: { resourceId: "500" } })).toBe(0);

    await drain(config, "worker-a", later(10 * 60 * 1000));
    expect(await jobOf(delivery.id)).toMatchObject({ status: "done", attempts: 2 });
    expect(standIn.requestCount("tasks", 500)).toBe(2);
  });

  it("gives up after the configured tries and keeps the last error as the snapshot", async () => {
    standIn.setFault({ kind: "server_error" });
    const delivery = await deliveryFor("tasks", 501);

    await drain(standInConfig(standIn), "worker-a", later(60 * 60 * 1000));

    const job = await jobOf(delivery.id);
    expect(job).toMatchObject({ status: "failed", reason: "server_error", attempts: 3 });
    expect(standIn.requestCount("tasks", 501)).toBe(3);
    expect(await db.snapshot.findUniqueOrThrow({ where: { id: job.snapshotId! } })).toMatchObject({
      httpStatus: 500,
      error: "server_error",
    });
  });

  it("treats a timeout as a passing failure", async () => {
    standIn.setFault({ kind: "slow", delayMs: 1500, times: 1 });
    const delivery = await deliveryFor("tasks", 502);
    const config = standInConfig(standIn, { requestTimeoutMs: 300 });

    await drain(config, "worker-a");
    expect(await jobOf(delivery.id)).toMatchObject({ status: "pending", reason: "timeout", attempts: 1 });
    await drain(config, "worker-a", later(10 * 60 * 1000));
    expect(await jobOf(delivery.id)).toMatchObject({ status: "done" });
  });

  it("treats a dropped connection as a network error to retry", async () => {
    standIn.setFault({ kind: "hang_up", times: 1 });
    const delivery = await deliveryFor("tasks", 503);
    await drain(standInConfig(standIn), "worker-a");
    expect(await jobOf(delivery.id)).toMatchObject({ status: "pending", reason: "network", attempts: 1 });
  });

  it("waits out a 429 until its reset without counting it as a try, for every worker on the database", async () => {
    standIn.setFault({ kind: "rate_limited", resetInSeconds: 3, times: 1 });
    const delivery = await deliveryFor("tasks", 429);
    const other = await deliveryFor("tasks", 430);
    const config = standInConfig(standIn);

    await processNextBatch(config, "worker-a");
    const held = await jobOf(delivery.id);
    expect(held).toMatchObject({ status: "pending", reason: "rate_limited", attempts: 0 });
    const budget = await db.apiBudget.findUniqueOrThrow({ where: { origin: standIn.origin } });
    expect(budget.blockedUntil!.getTime()).toBeGreaterThan(Date.now());

    // Another instance, before the reset: it holds back without asking Accelo.
    const asked = standIn.requests().length;
    await processNextBatch(config, "worker-b");
    expect(standIn.requests().length).toBe(asked);
    expect(await jobOf(other.id)).toMatchObject({ status: "pending", reason: "rate_limited" });

    await new Promise((resolve) => setTimeout(resolve, budget.blockedUntil!.getTime() - Date.now() + 50));
    await drain(config, "worker-a", later(5000));
    expect(await jobOf(delivery.id)).toMatchObject({ status: "done", attempts: 1 });
    expect(await jobOf(other.id)).toMatchObject({ status: "done" });
  });
});

describe("several workers and restarts", () => {
  it("picks up pending jobs after a restart, and a crashed worker's claim once its lease ends, none twice", async () => {
    const config = standInConfig(standIn);
    for (const id of [601, 602, 603]) await deliveryFor("companies", id);

    // The first process claims one resource and dies before fetching it.
    const lost = await claimNextBatch("crashed-worker");
    expect(lost).toBeDefined();

    // The next process fetches the others at once, and the lost one only after the lease.
    expect(await drain(config, "restarted-worker")).toBe(2);
    expect(standIn.requestCount("companies", lost!.target.id)).toBe(0);
    expect(await drain(config, "restarted-worker", later(CLAIM_LEASE_MS + 1000))).toBe(1);

    for (const id of [601, 602, 603]) expect(standIn.requestCount("companies", id)).toBe(1);
    expect(await db.fetchJob.count({ where: { status: "done" } })).toBe(3);
  });

  it("records, when it starts, the fetches of recent deliveries whose schedule died with the process", async () => {
    const config = standInConfig(standIn);
    await db.delivery.deleteMany();
    const scheduled = await deliveryFor("tasks", 801);
    // Stored and answered, but the process died before its after-the-answer work ran.
    const lost = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 802) });
    const forged = await storedDelivery({
      resourceUrl: standIn.resourceUrl("tasks", 803),
      signatureVerdict: "invalid",
    });
    const old = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 804) });
    await db.delivery.update({
      where: { id: old.id },
      data: { receivedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) },
    });

    expect(await recoverUnscheduledFetches(config)).toBe(1);
    expect(await recoverUnscheduledFetches(config)).toBe(0);

    expect(await db.fetchJob.count({ where: { deliveryId: scheduled.id } })).toBe(1);
    expect(await jobOf(lost.id)).toMatchObject({ status: "pending" });
    // A forgery is never scheduled, so there is nothing to make up for (issue 10).
    expect(await db.fetchJob.count({ where: { deliveryId: forged.id } })).toBe(0);
    expect(await db.fetchJob.count({ where: { deliveryId: old.id } })).toBe(0);
    await drain(config, "worker-a");
    expect(standIn.requestCount("tasks", 802)).toBe(1);
  });

  it("shares jobs between concurrent workers without fetching any object twice", async () => {
    const config = standInConfig(standIn);
    const ids = Array.from({ length: 24 }, (_, i) => 700 + i);
    for (const id of ids) {
      await deliveryFor("contacts", id);
      if (id % 3 === 0) await deliveryFor("contacts", id);
    }

    const handled = await Promise.all(["w1", "w2", "w3"].map((worker) => drain(config, worker)));

    expect(handled.reduce((sum, n) => sum + n, 0)).toBe(ids.length);
    for (const id of ids) expect(standIn.requestCount("contacts", id)).toBe(1);
    expect(await db.fetchJob.count({ where: { status: { not: "done" } } })).toBe(0);
  });
});
