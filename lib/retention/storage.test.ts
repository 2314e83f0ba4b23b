import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { storageSummary } from "./storage";

async function insertDelivery(receivedAt: Date) {
  await db.delivery.create({
    data: {
      receivedAt,
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: "[]",
      rawBody: Buffer.from("id=1"),
      bodySize: 4,
      bodyFormat: "form",
      signatureVerdict: "valid",
      responseStatus: 200,
      fingerprint: `storage-${receivedAt.getTime()}`,
    },
  });
}

describe("storageSummary", () => {
  it("says how large the database is, how many deliveries it holds and since when", async () => {
    const oldest = new Date("2026-10-01T08:00:00Z");
    await insertDelivery(oldest);
    await insertDelivery(new Date("2026-11-01T08:00:00Z"));
    const summary = await storageSummary();
    expect(summary).toMatchObject({ deliveries: 2, oldestAt: oldest });
    expect(summary.databaseBytes).toBeGreaterThan(0);
    // Within 15 s the header reuses what it counted.
    await insertDelivery(new Date("2026-11-02T08:00:00Z"));
    expect((await storageSummary()).deliveries).toBe(2);
    expect((await storageSummary(Date.now() + 16_000)).deliveries).toBe(3);
  });
});
