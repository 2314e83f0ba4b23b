// From the webhook route to a stored snapshot: the receiver schedules the fetch, the worker does it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST } from "../../../app/api/webhooks/accelo/route";
import { acceloConfigFromEnv } from "../../../lib/accelo/config";
import { db } from "../../../lib/db/client";
import { REPLAY_FETCH_DELAY_MS } from "../../../lib/fetch-queue/schedule";
import { signBody } from "../../../lib/receiver/signature/sign";
import { getDeliverySnapshot } from "../../../lib/snapshots/delivery-snapshot";
import {
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  type StandIn,
  startStandIn,
} from "../../../scripts/stand-in/start-stand-in";
import { drain } from "./fixtures";

const SECRET = "receiver-to-snapshot-secret";
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn();
  Object.assign(process.env, {
    ACCELO_WEBHOOK_SECRET: SECRET,
    ACCELO_API_BASE_URL: standIn.origin,
    ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
    ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
    ACCELO_FETCH_DELAY_MS: "0",
  });
});
afterAll(async () => {
  await standIn.close();
});

async function deliver(resourceUrl: string, signature: string | undefined) {
  const body = `id=1&resource_url=${encodeURIComponent(resourceUrl)}`;
  const headers = new Headers({
    "content-type": "application/x-www-form-urlencoded",
    "x-accelo-event": "update_request_status",
  });
  if (signature !== undefined) headers.set("x-hub-signature", signature);
  const response = await POST(new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers, body }));
  const { id, error } = (await response.json()) as { id?: number; error?: { details: { id: number } } };
  return id ?? error!.details.id;
}

async function jobFor(deliveryId: number) {
  for (let tries = 0; tries < 100; tries++) {
    const job = await db.fetchJob.findFirst({ where: { deliveryId } });
    if (job) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no fetch job was recorded for delivery ${deliveryId}`);
}

it("fetches the resource of a validly signed delivery once it has been answered", async () => {
  const url = standIn.resourceUrl("requests", 77);
  const body = `id=1&resource_url=${encodeURIComponent(url)}`;
  const id = await deliver(url, signBody(body, SECRET));

  expect(await jobFor(id)).toMatchObject({ status: "pending", resourceType: "requests", resourceId: "77" });
  await drain(acceloConfigFromEnv()!, "worker");

  const snapshot = await db.snapshot.findFirstOrThrow({ where: { deliveryId: id } });
  expect(snapshot).toMatchObject({ trigger: "delivery", httpStatus: 200, resourceUrl: url });
  expect(JSON.parse(snapshot.response!)).toMatchObject({ id: "77", standing: "pending" });
});

it("writes no fetch job for a refused delivery, says why nothing was fetched, and asks nobody", async () => {
  const url = standIn.resourceUrl("requests", 78);
  const forged = await deliver(url, "0".repeat(40));
  // Jobs are written in arrival order: once a later delivery's job is there, the forged one's would be.
  const laterUrl = standIn.resourceUrl("requests", 79);
  const later = await deliver(laterUrl, signBody(`id=1&resource_url=${encodeURIComponent(laterUrl)}`, SECRET));
  await jobFor(later);

  expect(await db.fetchJob.count({ where: { deliveryId: forged } })).toBe(0);
  expect((await getDeliverySnapshot(forged)).automatic).toMatchObject({ kind: "skipped", reason: "signature_invalid" });
  await drain(acceloConfigFromEnv()!, "worker");
  expect(standIn.requestCount("requests", 78)).toBe(0);
});

it("fetches the same request sent again after a minute, once however many copies came", async () => {
  // Accelo's body is the object's id and URL only: a second change of one object is the first
  // delivery again, byte for byte, and must be fetched; a replay loop must not cost a fetch each.
  const url = standIn.resourceUrl("requests", 80);
  const signature = signBody(`id=1&resource_url=${encodeURIComponent(url)}`, SECRET);
  const first = await deliver(url, signature);
  await jobFor(first);
  await drain(acceloConfigFromEnv()!, "worker");
  expect(standIn.requestCount("requests", 80)).toBe(1);

  const copies = [await deliver(url, signature), await deliver(url, signature), await deliver(url, signature)];
  const jobs = await Promise.all(copies.map((id) => jobFor(id)));
  for (const job of jobs) {
    expect(job).toMatchObject({ status: "pending", reason: null });
    expect(job.runAfter.getTime() - job.createdAt.getTime()).toBe(REPLAY_FETCH_DELAY_MS);
  }
  await drain(acceloConfigFromEnv()!, "worker");
  expect(standIn.requestCount("requests", 80)).toBe(1);
  await drain(acceloConfigFromEnv()!, "worker", new Date(Date.now() + REPLAY_FETCH_DELAY_MS + 1000));
  expect(standIn.requestCount("requests", 80)).toBe(2);
  expect(await db.fetchJob.count({ where: { deliveryId: { in: copies }, status: "done" } })).toBe(3);
});
