// What no request may cost another (issue 10): fields bounded to what their columns and indexes
// hold, a row the database refuses stored alone in reduced form while its batch goes on, bodies
// declared too large left unread, and the disk budget for what fails the signature check. Runs on
// SQLite and, with TEST_PROVIDER=postgresql, on PostgreSQL, whose B-tree limits started it.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resolveDatabaseTarget } from "@/lib/db/database-url";
import { PEER_ADDRESS_HEADER } from "@/lib/http/request-source";
import { FIELD_BYTE_LIMITS } from "@/lib/receiver/bounds";
import { COMPACT_BODY_BYTES } from "@/lib/receiver/receive";
import { signBody } from "@/lib/receiver/signature/sign";
import { POST } from "./route";

const SECRET = "limits-secret";
const API = "https://acme.api.accelo.com/api/v0";
const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

interface Sent {
  body?: string | Uint8Array<ArrayBuffer>;
  event?: string;
  signed?: boolean;
  peer?: string;
  headers?: Record<string, string>;
}

function genuineBody(id: number | string) {
  return `id=${id}&resource_url=${encodeURIComponent(`${API}/tasks/${id}`)}`;
}

async function send({
  body = genuineBody(1),
  event = "assign_task",
  signed = true,
  peer = "198.51.100.1",
  headers,
}: Sent) {
  const request = new Request("http://localhost/api/webhooks/accelo", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-accelo-event": event,
      [PEER_ADDRESS_HEADER]: peer,
      ...(signed && { "x-hub-signature": signBody(body, SECRET) }),
      ...headers,
    },
    body,
  });
  const response = await POST(request);
  const json = (await response.json()) as { id?: number; error?: { details?: { id?: number } } };
  return { status: response.status, id: json.id ?? json.error?.details?.id };
}

const randomText = (length: number) => randomBytes(length).toString("base64url").slice(0, length);

beforeEach(() => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
});
afterEach(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
  delete process.env.FAILED_SIGNATURE_SOURCE_BUDGET_MB;
});

describe("fields bounded to their columns", () => {
  it("answers and stores every one of 300 concurrent signed deliveries, 12 of them with huge event ids or ids", async () => {
    const sent = Array.from({ length: 300 }, (_, index): Sent & { kind: string } => {
      if (index % 50 === 7) return { kind: "event", event: randomText(4_500), body: genuineBody(index + 1) };
      if (index % 50 === 8) return { kind: "id", body: genuineBody(`${index}${randomText(4_500)}`) };
      return { kind: "genuine", body: genuineBody(index + 1) };
    });
    const answers = await Promise.all(sent.map((request) => send(request)));
    expect(answers.map((answer) => answer.status)).toEqual(sent.map(() => 200));

    const rows = await db.delivery.findMany({ where: { id: { in: answers.map((answer) => answer.id ?? 0) } } });
    expect(rows).toHaveLength(300);
    for (const [index, request] of sent.entries()) {
      const row = rows.find((candidate) => candidate.id === answers[index].id);
      expect(Buffer.from(row?.rawBody ?? []).toString()).toBe(request.body);
      if (request.kind === "genuine") expect(row?.truncatedFields).toBeNull();
      if (request.kind === "event") {
        expect(JSON.parse(row?.truncatedFields ?? "[]")).toEqual(["eventId"]);
        expect(request.event?.startsWith(row?.eventId ?? "?")).toBe(true);
        expect(utf8Length(row?.eventId ?? "")).toBeLessThanOrEqual(FIELD_BYTE_LIMITS.eventId);
      }
      if (request.kind === "id") expect(JSON.parse(row?.truncatedFields ?? "[]")).toContain("objectId");
    }
  });
});

describe("a row the database refuses", () => {
  // A trigger refuses the rows a test marks, so the fault reaches exactly the requests meant for it:
  // "refuse-once" while its event id is longer than the reduced form keeps, "refuse-always" always.
  beforeAll(async () => {
    if (resolveDatabaseTarget().provider === "sqlite") {
      await db.$executeRawUnsafe(`CREATE TRIGGER refuse_marked BEFORE INSERT ON "Delivery"
        WHEN (NEW."eventId" LIKE 'refuse-once%' AND length(NEW."eventId") > 64) OR NEW."eventId" LIKE 'refuse-always%'
        BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`);
    } else {
      await db.$executeRawUnsafe(`CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN
        IF (NEW."eventId" LIKE 'refuse-once%' AND length(NEW."eventId") > 64) OR NEW."eventId" LIKE 'refuse-always%' THEN
          RAISE EXCEPTION 'refused by the test trigger';
        END IF;
        RETURN NEW;
      END $body$`);
      await db.$executeRawUnsafe(
        `CREATE TRIGGER refuse_marked BEFORE INSERT ON "Delivery" FOR EACH ROW EXECUTE FUNCTION refuse_marked()`,
      );
    }
  });
  afterAll(async () => {
    await db.$executeRawUnsafe(
      `DROP TRIGGER refuse_marked${resolveDatabaseTarget().provider === "sqlite" ? "" : ` ON "Delivery"`}`,
    );
  });

  it("costs the others in its batch nothing, and is stored alone in reduced form", async () => {
    const refused = `refuse-once-${"x".repeat(100)}`;
    const sent = Array.from(
      { length: 60 },
      (_, index): Sent => ({
        body: genuineBody(1_000 + index),
        event: index % 20 === 3 ? refused : "assign_task",
      }),
    );
    const answers = await Promise.all(sent.map((request) => send(request)));
    expect(answers.map((answer) => answer.status)).toEqual(sent.map(() => 200));

    const rows = await db.delivery.findMany({ where: { id: { in: answers.map((answer) => answer.id ?? 0) } } });
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      if (row.eventId === "assign_task") {
        expect(row).toMatchObject({ storeError: null, resourceType: "tasks" });
      } else {
        expect(row.storeError).toContain("refused by the test trigger");
        expect(refused.startsWith(row.eventId ?? "?")).toBe(true);
        expect(row).toMatchObject({ payload: null, resourceUrl: null, signatureVerdict: "valid", responseStatus: 200 });
        expect(Buffer.from(row.rawBody).toString()).toMatch(/^id=10\d\d&resource_url=/);
      }
    }
  });

  it("is answered 503, not 500, when even its reduced form is refused; the others are stored", async () => {
    const sent = Array.from(
      { length: 20 },
      (_, index): Sent => ({
        body: genuineBody(2_000 + index),
        event: index === 5 ? "refuse-always" : "assign_task",
      }),
    );
    const answers = await Promise.all(sent.map((request) => send(request)));
    expect(answers.map((answer) => answer.status)).toEqual(sent.map((_, index) => (index === 5 ? 503 : 200)));
    expect(await db.delivery.count({ where: { eventId: { startsWith: "refuse-always" } } })).toBe(0);
  });
});

describe("a body declared too large", () => {
  it("is answered 413 before a byte of it is read, and stored with what the headers said", async () => {
    const { status, id } = await send({ body: genuineBody(3_001), headers: { "content-length": "999999999999" } });
    expect(status).toBe(413);
    const row = await db.delivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      oversized: true,
      bodySize: 2_147_483_647,
      signatureVerdict: "invalid",
      signatureReason: "body_not_read",
      bodyFormat: "unparsed",
    });
    expect(row.rawBody.byteLength).toBe(0);
    expect(row.parseError).toContain("not read");
  });
});

describe("the disk budget for what fails the signature check", () => {
  it("keeps a source's failures whole up to its hourly budget, then compact; X-Forwarded-For buys no new one", async () => {
    // 50 KiB an hour for one source: two 20 KiB forgeries whole, then compact.
    process.env.FAILED_SIGNATURE_SOURCE_BUDGET_MB = String(50 / 1024);
    const forged = (marker: string) => `${genuineBody(4_000)}&padding=${marker}${"p".repeat(20 * 1024)}`;
    const peer = "203.0.113.66";
    const results: { status: number; id?: number }[] = [];
    for (const [index, forwardedFor] of ["", "", "1.1.1.1", "2.2.2.2"].entries()) {
      results.push(
        await send({
          body: forged(String(index)),
          signed: false,
          peer,
          headers: { "x-hub-signature": "0".repeat(40), ...(forwardedFor && { "x-forwarded-for": forwardedFor }) },
        }),
      );
    }
    const otherSource = await send({ body: forged("other"), signed: false, peer: "203.0.113.67" });
    const genuine = await send({ body: `${genuineBody(4_001)}&padding=${"g".repeat(20 * 1024)}`, peer });

    const rows = await db.delivery.findMany({
      where: { id: { in: [...results, otherSource, genuine].map((answer) => answer.id ?? 0) } },
      orderBy: { id: "asc" },
    });
    expect(results.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect(rows.map((row) => row.compacted)).toEqual([false, false, true, true, false, false]);
    expect(rows.map((row) => row.remoteAddress)).toEqual([peer, peer, peer, peer, "203.0.113.67", peer]);
    const compact = rows[2];
    expect(compact.rawBody.byteLength).toBe(COMPACT_BODY_BYTES);
    expect(compact.bodySize).toBeGreaterThan(20 * 1024);
    expect(compact.payload).toBeNull();
    expect(JSON.parse(compact.headers)).toContainEqual(["x-accelo-event", "assign_task"]);
    expect(rows[5].rawBody.byteLength).toBeGreaterThan(20 * 1024);
  });
});
