import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutToBytes, FIELD_BYTE_LIMITS, reducedDelivery } from "./bounds";

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

describe("cutToBytes", () => {
  it("leaves a text that fits alone", () => {
    expect(cutToBytes("assign_task", 200)).toBeUndefined();
    expect(cutToBytes("é".repeat(100), 200)).toBeUndefined();
  });

  it("never cuts inside a character: the result is a prefix within the limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.integer({ min: 0, max: 400 }), (text, max) => {
        const cut = cutToBytes(text, max);
        // Lone surrogates become U+FFFD when encoded; compare the text as UTF-8 would store it.
        const stored = new TextDecoder().decode(new TextEncoder().encode(text));
        if (cut === undefined) return utf8Length(text) <= max;
        return utf8Length(cut) <= max && stored.startsWith(cut) && utf8Length(cut) > max - 4;
      }),
      { seed: 20261127, numRuns: 500 },
    );
  });
});

describe("reducedDelivery", () => {
  it("keeps the body and headers, drops free text, and says why", () => {
    const reduced = reducedDelivery(
      {
        remoteAddress: "203.0.113.9",
        method: "POST",
        url: `/api/webhooks/accelo?${"q".repeat(500)}`,
        headers: '[["x-accelo-event","assign_task"]]',
        rawBody: new Uint8Array([1, 2, 3]),
        bodySize: 3,
        oversized: false,
        contentType: "application/json",
        bodyFormat: "json",
        contentTypeSniffed: false,
        parseError: null,
        payload: '{"id":1}',
        eventId: `assign_task\u0000${"x".repeat(300)}`,
        objectId: "1",
        resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/1",
        resourceType: "tasks",
        resourceId: "1",
        signatureHeader: "abc",
        signatureVerdict: "valid",
        signatureReason: null,
        signatureAlgorithm: "sha1",
        signatureAlgorithmFrom: "length",
        signatureSecretIndex: 0,
        subscriptionId: null,
        responseStatus: 200,
        fingerprint: "f".repeat(64),
        truncatedFields: null,
        storeError: null,
        compacted: false,
      },
      "value too long for type",
    );
    expect(reduced).toMatchObject({
      rawBody: new Uint8Array([1, 2, 3]),
      headers: '[["x-accelo-event","assign_task"]]',
      payload: null,
      resourceUrl: null,
      storeError: "value too long for type",
    });
    expect(utf8Length(reduced.url)).toBeLessThanOrEqual(64);
    expect(reduced.eventId).toBe(`assign_task\uFFFD${"x".repeat(64 - "assign_task".length - 1)}`);
    expect(FIELD_BYTE_LIMITS.eventId).toBeLessThan(2_700);
  });
});
