import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { checkLedger, createDeliveryLedger } from "./delivery-ledger";

function storeRow(objectId: string) {
  return db.delivery.create({
    data: {
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: "[]",
      rawBody: new Uint8Array(),
      bodySize: 0,
      bodyFormat: "form",
      objectId,
      signatureVerdict: "valid",
      responseStatus: 200,
      fingerprint: `ledger-${objectId}-${Math.random()}`,
    },
    select: { id: true },
  });
}

const accepted = (id: number) => ({
  status: 200,
  body: JSON.stringify({ id, verdict: "valid", duplicateOf: null }),
  ms: 1,
});

describe("checkLedger", () => {
  it("counts lost, doubly stored and unacknowledged deliveries of its own objects only", async () => {
    const ledger = createDeliveryLedger({ secret: "s", apiBase: "https://x.api.accelo.com", firstObjectId: 101 });
    for (let index = 0; index < 5; index++) ledger.request(index);

    const kept = await storeRow("101");
    ledger.onAnswer(accepted(kept.id), 0);
    const twice = await storeRow("102");
    await storeRow("102");
    ledger.onAnswer(accepted(twice.id), 1);
    ledger.onAnswer(accepted(kept.id + 1000), 2); // acknowledged, never stored
    await storeRow("104"); // stored, answered 503
    ledger.onAnswer({ status: 503, body: "{}", ms: 1 }, 3);
    ledger.onAnswer({ status: 200, body: "not json", ms: 1 }, 4);
    await storeRow("7"); // another run's object

    expect(await checkLedger(db, ledger)).toEqual({
      acknowledged: 4,
      stored: 4,
      lost: 2,
      storedTwice: 1,
      storedNotAcknowledged: 1,
    });
  });

  it("sends each delivery for its own object, signed with the secret", () => {
    const ledger = createDeliveryLedger({ secret: "s", apiBase: "https://x.api.accelo.com", firstObjectId: 5 });
    expect(ledger.request(2).body).toBe("id=7&resource_url=https%3A%2F%2Fx.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F7");
    expect(ledger.request(2).headers?.["x-hub-signature"]).toMatch(/^[0-9a-f]{40}$/);
  });
});
