import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db/client";
import type { Prisma } from "../db/prisma";
import { DomainError } from "../errors";
import { base64ToBytes } from "../payload/body-encoding";
import { deliveryDetailSchema, getDelivery, RELATED_LIMIT } from "./get-delivery";

type NewDelivery = Omit<Prisma.DeliveryUncheckedCreateInput, "id">;

const T0 = Date.parse("2026-03-01T10:00:00.000Z");

let fingerprintSeq = 0;

async function insert(fields: Partial<NewDelivery> = {}): Promise<number> {
  const body = Buffer.from('{"id":7,"resource_url":"https://acme.api.accelo.com/api/v0/tasks/7"}');
  const { id } = await db.delivery.create({
    data: {
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: JSON.stringify([
        ["content-type", "application/json"],
        ["x-accelo-event", "assign_task"],
      ]),
      rawBody: body,
      bodySize: body.length,
      contentType: "application/json",
      bodyFormat: "json",
      payload: body.toString(),
      eventId: "assign_task",
      objectId: "7",
      resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/7",
      resourceType: "tasks",
      resourceId: "7",
      signatureVerdict: "unverified",
      responseStatus: 200,
      fingerprint: `f${fingerprintSeq++}`,
      ...fields,
    },
    select: { id: true },
  });
  return id;
}

afterEach(async () => {
  await db.delivery.deleteMany();
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("getDelivery", () => {
  it("returns every stored field in the response schema, headers as pairs and the body exact", async () => {
    const id = await insert({ receivedAt: new Date(T0), remoteAddress: "203.0.113.9" });
    const detail = await getDelivery(id);
    expect(deliveryDetailSchema.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({
      id,
      receivedAt: "2026-03-01T10:00:00.000Z",
      remoteAddress: "203.0.113.9",
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: [
        ["content-type", "application/json"],
        ["x-accelo-event", "assign_task"],
      ],
      eventId: "assign_task",
      objectId: "7",
      resourceType: "tasks",
      resourceId: "7",
      previousId: null,
      nextId: null,
    });
    expect(detail.body.text).toBe('{"id":7,"resource_url":"https://acme.api.accelo.com/api/v0/tasks/7"}');
    expect(detail.body.payloadJson).toBe(detail.body.text);
    expect(detail.body).toMatchObject({ format: "json", storedBytes: 68, size: 68, oversized: false });
  });

  it("gives a body that is not UTF-8 as base64 only, byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x41, 0xc3]);
    const id = await insert({
      rawBody: bytes,
      bodySize: 5,
      bodyFormat: "unparsed",
      payload: null,
      parseError: "Body is not valid UTF-8",
    });
    const { body } = await getDelivery(id);
    expect(body.text).toBeNull();
    expect(Buffer.from(base64ToBytes(body.base64)).equals(bytes)).toBe(true);
    expect(body.parseError).toBe("Body is not valid UTF-8");
  });

  it("says how much of an oversized body was kept", async () => {
    const id = await insert({
      rawBody: Buffer.from("x".repeat(10)),
      bodySize: 5000,
      oversized: true,
      bodyFormat: "unparsed",
    });
    expect((await getDelivery(id)).body).toMatchObject({ storedBytes: 10, size: 5000, oversized: true });
  });

  it("refuses an unknown id with not_found", async () => {
    const error = await getDelivery(999_999).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("not_found");
  });

  it("links the deliveries received just before and after, by time then id", async () => {
    const oldest = await insert({ receivedAt: new Date(T0) });
    // Inserted later but received earlier: the order is the time of arrival, not the id.
    const middle = await insert({ receivedAt: new Date(T0 + 2000) });
    const sameInstantA = await insert({ receivedAt: new Date(T0 + 5000) });
    const sameInstantB = await insert({ receivedAt: new Date(T0 + 5000) });
    const earlyButLate = await insert({ receivedAt: new Date(T0 + 1000) });

    const navigation = async (id: number) => {
      const { previousId, nextId } = await getDelivery(id);
      return [previousId, nextId];
    };
    expect(await navigation(oldest)).toEqual([null, earlyButLate]);
    expect(await navigation(earlyButLate)).toEqual([oldest, middle]);
    expect(await navigation(middle)).toEqual([earlyButLate, sameInstantA]);
    expect(await navigation(sameInstantA)).toEqual([middle, sameInstantB]);
    expect(await navigation(sameInstantB)).toEqual([sameInstantA, null]);
  });

  it("lists other deliveries of the same resource, newest first, never itself", async () => {
    const first = await insert({ receivedAt: new Date(T0), eventId: "create_task" });
    await insert({ receivedAt: new Date(T0 + 1000), resourceId: "8", objectId: "8" });
    const third = await insert({ receivedAt: new Date(T0 + 2000), signatureVerdict: "invalid", responseStatus: 401 });
    const current = await insert({ receivedAt: new Date(T0 + 3000) });

    const { related } = await getDelivery(current);
    expect(related.match).toEqual({ kind: "resource", resourceType: "tasks", resourceId: "7" });
    expect(related.deliveries).toEqual([
      {
        id: third,
        receivedAt: new Date(T0 + 2000).toISOString(),
        eventId: "assign_task",
        signatureVerdict: "invalid",
        responseStatus: 401,
      },
      {
        id: first,
        receivedAt: new Date(T0).toISOString(),
        eventId: "create_task",
        signatureVerdict: "unverified",
        responseStatus: 200,
      },
    ]);
    expect(related.hasMore).toBe(false);
  });

  it("matches a delivery without a resource by event and object id", async () => {
    const noResource = {
      resourceUrl: null,
      resourceType: null,
      resourceId: null,
      eventId: "delete_invoice",
      objectId: "12",
    };
    const earlier = await insert({ ...noResource, receivedAt: new Date(T0) });
    await insert({ ...noResource, objectId: "13", receivedAt: new Date(T0 + 1000) });
    await insert({ ...noResource, eventId: "update_invoice", receivedAt: new Date(T0 + 2000) });
    const current = await insert({ ...noResource, receivedAt: new Date(T0 + 3000) });

    const { related } = await getDelivery(current);
    expect(related.match).toEqual({ kind: "event-object", eventId: "delete_invoice", objectId: "12" });
    expect(related.deliveries.map(({ id }) => id)).toEqual([earlier]);
  });

  it("has no related deliveries when the delivery names no object", async () => {
    const id = await insert({ resourceType: null, resourceId: null, resourceUrl: null, objectId: null });
    await insert({ resourceType: null, resourceId: null, resourceUrl: null, objectId: null });
    expect((await getDelivery(id)).related).toEqual({ match: null, deliveries: [], hasMore: false });
  });

  it("shows a few recent related deliveries and says there are more", async () => {
    for (let index = 0; index < RELATED_LIMIT + 2; index++) await insert({ receivedAt: new Date(T0 + index * 1000) });
    const current = await insert({ receivedAt: new Date(T0 + 60_000) });
    const { related } = await getDelivery(current);
    expect(related.deliveries).toHaveLength(RELATED_LIMIT);
    expect(related.hasMore).toBe(true);
  });

  it("explains the signature with the number of configured secrets, never their values", async () => {
    process.env.ACCELO_WEBHOOK_SECRET = "alpha-secret, beta-secret, gamma-secret";
    const id = await insert({
      signatureHeader: `sha256=${"a".repeat(64)}`,
      signatureVerdict: "valid",
      signatureAlgorithm: "sha256",
      signatureAlgorithmFrom: "prefix",
      signatureSecretIndex: 1,
    });
    const detail = await getDelivery(id);
    expect(detail.signature).toMatchObject({
      verdict: "valid",
      algorithm: "sha256",
      algorithmFrom: "prefix",
      secretIndex: 1,
    });
    expect(detail.signature.explanation.secret).toBe("secret #2 of 3 in ACCELO_WEBHOOK_SECRET");
    expect(JSON.stringify(detail)).not.toMatch(/alpha-secret|beta-secret|gamma-secret/);
  });

  it("counts the signature headers a refused delivery carried", async () => {
    process.env.ACCELO_WEBHOOK_SECRET = "one";
    const id = await insert({
      signatureHeader: `${"a".repeat(40)}, ${"b".repeat(40)}`,
      signatureVerdict: "invalid",
      signatureReason: "multiple_headers",
    });
    expect((await getDelivery(id)).signature.explanation.reason).toMatch(/^2 X-Hub-Signature headers arrived/);
  });
});
