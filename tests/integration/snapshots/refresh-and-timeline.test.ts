// The snapshot API routes against the stand-in: Refresh, a delivery's snapshot section, an
// object's timeline and the diff between two of its snapshots.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as refresh } from "../../../app/api/deliveries/[id]/refresh/route";
import { GET as deliverySnapshot } from "../../../app/api/deliveries/[id]/snapshot/route";
import { GET as diff } from "../../../app/api/resources/[type]/[id]/diff/route";
import { GET as timeline } from "../../../app/api/resources/[type]/[id]/route";
import { db } from "../../../lib/db/client";
import { scheduleFetchForDeliveries } from "../../../lib/fetch-queue/schedule";
import {
  deliverySnapshotSchema,
  refreshResultSchema,
  resourceTimelineSchema,
  snapshotComparisonSchema,
} from "../../../lib/snapshots/schemas";
import {
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  type StandIn,
  startStandIn,
} from "../../../scripts/stand-in/start-stand-in";
import { drain, standInConfig, storedDelivery } from "./fixtures";

let standIn: StandIn;
const ENV = ["ACCELO_API_BASE_URL", "ACCELO_CLIENT_ID", "ACCELO_CLIENT_SECRET"] as const;

beforeAll(async () => {
  standIn = await startStandIn();
});
beforeEach(() => {
  standIn.clearFaults();
  Object.assign(process.env, {
    ACCELO_API_BASE_URL: standIn.origin,
    ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
    ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
  });
});
afterAll(async () => {
  await standIn.close();
});

const params = <T>(value: T) => ({ params: Promise.resolve(value) });

async function pressRefresh(deliveryId: number) {
  const response = await refresh(
    new Request(`http://localhost/api/deliveries/${deliveryId}/refresh`, { method: "POST" }),
    params({ id: String(deliveryId) }),
  );
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown> & {
      error?: { code: string; message: string; details?: Record<string, unknown> };
    },
  };
}

async function snapshotSection(deliveryId: number) {
  const response = await deliverySnapshot(new Request("http://localhost/"), params({ id: String(deliveryId) }));
  expect(response.status).toBe(200);
  return deliverySnapshotSchema.parse(await response.json());
}

describe("POST /api/deliveries/{id}/refresh", () => {
  it("stores a manual snapshot and answers the fields that changed since the previous one", async () => {
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 42) });
    await scheduleFetchForDeliveries([delivery], standInConfig(standIn));
    await drain(standInConfig(standIn), "worker");

    const unchanged = await pressRefresh(delivery.id);
    expect(unchanged.status).toBe(200);
    expect(refreshResultSchema.parse(unchanged.json).changes).toEqual([]);

    standIn.setObject("tasks", 42, { status: "complete", assignee: "8" });
    const changed = await pressRefresh(delivery.id);
    const result = refreshResultSchema.parse(changed.json);
    expect(result.snapshot).toMatchObject({ trigger: "manual", deliveryId: delivery.id, httpStatus: 200 });
    expect(result.previous?.id).toBeLessThan(result.snapshot.id);
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { path: "status", kind: "changed", before: "pending", after: "complete" },
        { path: "assignee", kind: "changed", before: expect.any(String), after: "8" },
      ]),
    );

    const section = await snapshotSection(delivery.id);
    expect(section.automatic).toMatchObject({
      kind: "done",
      snapshot: { trigger: "delivery", response: { status: "pending" } },
    });
    expect(section.latest).toMatchObject({ id: result.snapshot.id, response: { status: "complete" } });
    expect(section.refresh).toEqual({ kind: "allowed" });
  });

  it("explains an object that is gone, and keeps that answer as a snapshot", async () => {
    standIn.deleteObject("tasks", 43);
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 43) });
    const { status, json } = await pressRefresh(delivery.id);
    expect(status).toBe(502);
    expect(json.error).toMatchObject({ code: "upstream_unavailable", details: { reason: "object_gone" } });
    expect(json.error!.message).toMatch(/no such object/);
    expect(await db.snapshot.count({ where: { resourceId: "43", error: "object_gone", trigger: "manual" } })).toBe(1);
  });

  it("says until when Accelo rate-limits, and stores nothing", async () => {
    standIn.setFault({ kind: "rate_limited", resetInSeconds: 600, times: 1 });
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 44) });
    const { status, json } = await pressRefresh(delivery.id);
    expect(status).toBe(429);
    expect(json.error).toMatchObject({
      code: "too_many_requests",
      details: { reason: "rate_limited", retryAt: expect.any(String) },
    });
    expect(json.error!.message).toMatch(/^Rate limited by Accelo until \d\d:\d\d/);
    expect(await db.snapshot.count({ where: { resourceId: "44" } })).toBe(0);
    await db.apiBudget.deleteMany();
  });

  it("refuses to send the token for a forged delivery, and says why", async () => {
    const delivery = await storedDelivery({
      resourceUrl: standIn.resourceUrl("tasks", 45),
      signatureVerdict: "invalid",
    });
    const { status, json } = await pressRefresh(delivery.id);
    expect(status).toBe(403);
    expect(json.error).toMatchObject({ code: "forbidden", details: { reason: "signature_invalid" } });
    expect(standIn.requestCount("tasks", 45)).toBe(0);
    expect((await snapshotSection(delivery.id)).refresh).toMatchObject({ kind: "unavailable" });
  });

  it("answers 404 for an unknown delivery and 503 when no Accelo API is configured", async () => {
    expect((await pressRefresh(999_999)).status).toBe(404);
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 46) });
    for (const name of ENV) delete process.env[name];
    const { status, json } = await pressRefresh(delivery.id);
    expect(status).toBe(503);
    expect(json.error).toMatchObject({ code: "not_configured" });
    expect((await snapshotSection(delivery.id)).automatic).toMatchObject({ kind: "off" });
  });

  it("answers 503 with the reason when the Accelo API is set but its credentials are not", async () => {
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 47) });
    delete process.env.ACCELO_CLIENT_SECRET;
    const { status, json } = await pressRefresh(delivery.id);
    expect(status).toBe(503);
    expect(json.error).toMatchObject({
      code: "not_configured",
      message: expect.stringContaining("ACCELO_CLIENT_SECRET"),
    });
  });
});

describe("a delivery's snapshot section", () => {
  it("says there is nothing to fetch for a delivery without resource_url", async () => {
    const delivery = await storedDelivery({ resourceUrl: null, eventId: "delete_invoice" });
    await scheduleFetchForDeliveries([delivery], standInConfig(standIn));
    const section = await snapshotSection(delivery.id);
    expect(section.automatic).toMatchObject({
      kind: "skipped",
      reason: "no_resource_url",
      message: expect.stringMatching(/nothing to fetch/),
    });
    expect(section.resource).toBeNull();
  });

  it("shows a fetch on its way before its job is written, and none for a job lost long ago", async () => {
    const fresh = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 45) });
    expect((await snapshotSection(fresh.id)).automatic).toMatchObject({ kind: "pending", attempts: 0 });

    const old = await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", 46) });
    await db.delivery.update({ where: { id: old.id }, data: { receivedAt: new Date(Date.now() - 10 * 60_000) } });
    expect((await snapshotSection(old.id)).automatic).toMatchObject({ kind: "none" });
  });

  it("shows a pending fetch, and a burst answered by one fetch", async () => {
    const first = await storedDelivery({ resourceUrl: standIn.resourceUrl("issues", 12) });
    const second = await storedDelivery({ resourceUrl: standIn.resourceUrl("issues", 12) });
    await scheduleFetchForDeliveries([first], standInConfig(standIn));
    await scheduleFetchForDeliveries([second], standInConfig(standIn));
    expect((await snapshotSection(second.id)).automatic).toMatchObject({ kind: "pending", attempts: 0 });

    await drain(standInConfig(standIn), "worker");
    expect((await snapshotSection(second.id)).automatic).toMatchObject({
      kind: "done",
      sharedWith: 1,
      snapshot: { deliveryId: first.id },
    });
  });
});

describe("an object's timeline and diffs", () => {
  it("lists deliveries and snapshots newest first and compares any two snapshots field by field", async () => {
    const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("companies", 8) });
    await pressRefresh(delivery.id);
    await pressRefresh(delivery.id);
    standIn.setObject("companies", 8, { name: "Renamed Pty Ltd", standing: "inactive" });
    await pressRefresh(delivery.id);

    const response = await timeline(new Request("http://localhost/"), params({ type: "companies", id: "8" }));
    const { entries } = resourceTimelineSchema.parse(await response.json());
    expect(entries.map((entry) => entry.kind)).toEqual(["snapshot", "snapshot", "snapshot", "delivery"]);
    const snapshots = entries.flatMap((entry) => (entry.kind === "snapshot" ? [entry.snapshot] : []));
    expect(snapshots.map((snapshot) => snapshot.contents)).toEqual(["changed", "unchanged", "first"]);

    const [newest, , oldest] = snapshots;
    const compared = await diff(
      new Request(`http://localhost/api/resources/companies/8/diff?from=${oldest.id}&to=${newest.id}`),
      params({ type: "companies", id: "8" }),
    );
    expect(snapshotComparisonSchema.parse(await compared.json()).changes).toEqual([
      { path: "name", kind: "changed", before: expect.stringMatching(/Pty Ltd$/), after: "Renamed Pty Ltd" },
      { path: "standing", kind: "changed", before: "active", after: "inactive" },
      { path: "date_modified", kind: "changed", before: expect.any(String), after: expect.any(String) },
    ]);
  });

  it("refuses a diff of snapshots of another object, and malformed keys", async () => {
    const other = await db.snapshot.findFirstOrThrow({ where: { resourceType: "companies", resourceId: "8" } });
    const wrongObject = await diff(
      new Request(`http://localhost/?from=${other.id}&to=${other.id}`),
      params({ type: "companies", id: "9" }),
    );
    expect(wrongObject.status).toBe(404);
    const badType = await timeline(new Request("http://localhost/"), params({ type: "../x", id: "1" }));
    expect(badType.status).toBe(400);
  });
});
