import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/accelo/route";
import { checkFetchAllowed } from "@/lib/accelo/resource-url";
import { db } from "@/lib/db/client";
import { buildBody, buildHeaders, expectedRecord, loadCorpus, type Placeholders } from "../corpus/corpus-case";

// The hostile corpus through the receiver's route handler on the real database of this run
// (SQLite, or PostgreSQL with TEST_PROVIDER=postgresql). tests/e2e/hostile-corpus.spec.ts sends the
// whole corpus over sockets to the production server; this covers what the database itself may
// refuse, on both providers. Cases answered by Node's parser or Next's router never reach the
// handler, and raw framing cannot be expressed as a Request, so those stay with the e2e spec.

// The e2e server points at the Accelo stand-in on 127.0.0.1; the IP-literal cases assume that origin.
const placeholders: Placeholders = { apiOrigin: "http://127.0.0.1:3600", configuredSecret: "corpus-secret" };
const cases = loadCorpus().filter(
  (corpusCase) =>
    corpusCase.expect.answeredBy === "receiver" &&
    corpusCase.expect.stored !== false &&
    corpusCase.framing !== "as-given" &&
    corpusCase.hangUpAfterBytes === undefined,
);

beforeAll(async () => {
  process.env.ACCELO_WEBHOOK_SECRET = placeholders.configuredSecret;
  // Opens the pool first: the receiver's 900 ms store deadline is not meant for a cold connection.
  await db.delivery.count();
});
afterAll(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("the hostile corpus through the receiver", () => {
  it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))("%s", async (_name, corpusCase) => {
    const body = buildBody(corpusCase.body, placeholders);
    const headers = new Headers();
    for (const [name, value] of buildHeaders(corpusCase, body, placeholders)) {
      // Node's HTTP server keeps the first of repeated Content-Type headers; Headers would join them.
      if (name.toLowerCase() === "content-type" && headers.has(name)) continue;
      headers.append(name, value);
    }
    // What the raw sender puts on the wire for this framing, so the receiver sees the same head.
    if (corpusCase.framing === "content-length") headers.set("content-length", String(body.length));
    const response = await POST(
      new Request(`http://127.0.0.1${corpusCase.path}`, { method: "POST", headers, body: new Uint8Array(body) }),
    );
    expect(response.status).toBe(corpusCase.expect.status);

    const answer = (await response.json()) as { id?: number; error?: { details?: { id?: number } } };
    const id = answer.id ?? answer.error?.details?.id;
    const stored = await db.delivery.findUniqueOrThrow({ where: { id } });
    const { parseError, headerCount, fetch, ...fields } = expectedRecord(
      corpusCase.expect.stored === false ? expect.unreachable() : corpusCase.expect.stored,
      placeholders,
    );
    const recorded: Record<string, unknown> = { ...stored, signatureReason: stored.signatureReason };
    for (const [field, value] of Object.entries(fields)) expect(recorded[field], field).toBe(value);
    if (typeof parseError === "string") expect(stored.parseError).toContain(parseError);
    else expect(stored.parseError !== null).toBe(parseError);
    if (headerCount !== undefined)
      expect((JSON.parse(stored.headers) as unknown[]).length).toBeGreaterThanOrEqual(headerCount);
    if (fetch !== undefined) {
      const permission = checkFetchAllowed(stored, { apiOrigin: placeholders.apiOrigin, fetchUnverified: false });
      expect(permission.kind === "allowed" ? "scheduled" : permission.reason).toBe(fetch);
    }
  });
});
