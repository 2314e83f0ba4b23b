import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { deleteOldDeliveries } from "./delete-old-deliveries";

const NOW = new Date("2026-06-30T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

async function delivery(receivedAt: Date, duplicateOfId?: number): Promise<number> {
  const { id } = await db.delivery.create({
    data: {
      receivedAt,
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: "[]",
      rawBody: new Uint8Array(Buffer.from('{"id":1}')),
      bodySize: 8,
      bodyFormat: "json",
      signatureVerdict: "valid",
      responseStatus: 200,
      fingerprint: `fingerprint-${receivedAt.toISOString()}-${Math.random()}`,
      duplicateOfId,
    },
  });
  return id;
}

async function withSnapshotAndJob(deliveryId: number): Promise<void> {
  const resource = {
    resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/1",
    resourceType: "tasks",
    resourceId: "1",
  };
  await db.snapshot.create({ data: { ...resource, trigger: "delivery", deliveryId, httpStatus: 200, durationMs: 5 } });
  await db.fetchJob.create({ data: { ...resource, trigger: "delivery", deliveryId, status: "done" } });
}

describe("deleteOldDeliveries", () => {
  it("deletes deliveries older than the retention with their snapshots and fetch jobs, keeps the rest", async () => {
    const old = await Promise.all([40, 35, 31].map((days) => delivery(daysAgo(days))));
    const recent = await Promise.all([29, 1, 0].map((days) => delivery(daysAgo(days))));
    // A recent delivery that repeats an old one keeps its place when the original goes.
    const repeat = await delivery(daysAgo(2), old[0]);
    for (const id of [...old, ...recent]) await withSnapshotAndJob(id);

    const result = await deleteOldDeliveries(30, { now: NOW, pauseMs: 0 });

    expect(result.deleted).toBe(3);
    expect(result.cutoff).toEqual(daysAgo(30));
    const left = await db.delivery.findMany({ orderBy: { id: "asc" }, select: { id: true, duplicateOfId: true } });
    // Created concurrently, so their ids need not follow the array's order.
    expect(left.map(({ id }) => id)).toEqual([...recent, repeat].sort((a, b) => a - b));
    expect(left.find(({ id }) => id === repeat)?.duplicateOfId).toBeNull();
    expect(await db.snapshot.count({ where: { deliveryId: { in: old } } })).toBe(0);
    expect(await db.fetchJob.count({ where: { deliveryId: { in: old } } })).toBe(0);
    expect(await db.snapshot.count({ where: { deliveryId: { in: recent } } })).toBe(3);
    expect(await db.fetchJob.count({ where: { deliveryId: { in: recent } } })).toBe(3);
  });

  it("deletes in batches no larger than asked, oldest first, until nothing old is left", async () => {
    await db.delivery.deleteMany();
    const old = [];
    for (let index = 0; index < 11; index++) old.push(await delivery(daysAgo(60 - index)));
    const kept = await delivery(daysAgo(3));

    const result = await deleteOldDeliveries(7, { now: NOW, batchSize: 4, pauseMs: 0 });

    expect(result).toMatchObject({ deleted: 11, batches: 3, largestBatch: 4 });
    expect(await db.delivery.findMany({ select: { id: true } })).toEqual([{ id: kept }]);
  });

  it("deletes nothing when every delivery is recent", async () => {
    await db.delivery.deleteMany();
    await delivery(daysAgo(1));
    expect(await deleteOldDeliveries(7, { now: NOW })).toMatchObject({ deleted: 0, batches: 0 });
    expect(await db.delivery.count()).toBe(1);
  });
});
