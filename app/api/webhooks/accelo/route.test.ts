import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { PEER_ADDRESS_HEADER } from "@/lib/http/request-source";
import { signBody } from "@/lib/receiver/signature/sign";
import { POST } from "./route";

const SECRETS = "first-secret, second-secret";
const API = "https://acme.api.accelo.com/api/v0";
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

function formBody(id: number, type = "tasks") {
  return `id=${id}&resource_url=${encodeURIComponent(`${API}/${type}/${id}`)}`;
}

async function deliver({
  body,
  contentType = FORM,
  event = "assign_task",
  signature,
  extraHeaders = [],
}: {
  body: string | Uint8Array<ArrayBuffer>;
  contentType?: string | null;
  event?: string | null;
  signature?: string | string[];
  extraHeaders?: [string, string][];
}) {
  const headers = new Headers(extraHeaders);
  if (contentType) headers.set("content-type", contentType);
  if (event) headers.set("x-accelo-event", event);
  for (const value of [signature ?? []].flat()) headers.append("x-hub-signature", value);
  const response = await POST(
    new Request("http://localhost:3000/api/webhooks/accelo?source=test", { method: "POST", headers, body }),
  );
  const json = await response.json();
  const id: number = json.id ?? json.error?.details?.id;
  const stored = id ? await db.delivery.findUniqueOrThrow({ where: { id } }) : undefined;
  return { status: response.status, json, stored };
}

beforeEach(() => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRETS;
  delete process.env.WEBHOOK_OBSERVE_ONLY;
  delete process.env.WEBHOOK_MAX_BODY_BYTES;
});
afterEach(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("POST /api/webhooks/accelo: signatures", () => {
  it.each([
    ["bare sha1", "sha1", false, "length"],
    ["bare sha256", "sha256", false, "length"],
    ["bare sha512", "sha512", false, "length"],
    ["sha1= prefixed", "sha1", true, "prefix"],
    ["sha256= prefixed", "sha256", true, "prefix"],
    ["sha512= prefixed", "sha512", true, "prefix"],
  ] as const)("accepts a %s signature and records how it was told", async (_name, algorithm, prefixed, from) => {
    const body = formBody(Number.parseInt(algorithm.slice(3), 10) + (prefixed ? 1 : 0));
    const { status, json, stored } = await deliver({
      body,
      signature: signBody(body, "first-secret", { algorithm, prefixed }),
    });
    expect(status).toBe(200);
    expect(json).toEqual({ id: stored!.id, verdict: "valid", duplicateOf: null });
    expect(stored).toMatchObject({
      signatureVerdict: "valid",
      signatureAlgorithm: algorithm,
      signatureAlgorithmFrom: from,
      signatureSecretIndex: 0,
      responseStatus: 200,
    });
  });

  it("records which secret matched by position, never its value", async () => {
    const body = formBody(102);
    const { stored } = await deliver({ body, signature: signBody(body, "second-secret") });
    expect(stored!.signatureSecretIndex).toBe(1);
    expect(JSON.stringify(stored)).not.toContain("second-secret");
  });

  const body = formBody(103);
  const good = signBody(body, "first-secret");
  it.each([
    ["a wrong secret", signBody(body, "not-the-secret"), "no_secret_matches"],
    ["a digest of no known length", "ab".repeat(30), "wrong_length"],
    ["a sha256= prefix on a SHA-1 digest", `sha256=${good}`, "wrong_length"],
    ["a digest that is not hex", "g".repeat(40), "not_hex"],
    ["an unknown prefix", `md5=${good}`, "unknown_prefix"],
    ["several signature headers", [good, good], "multiple_headers"],
  ])("refuses %s with 401 and stores why", async (_, signature, reason) => {
    const { status, json, stored } = await deliver({ body, signature });
    expect(status).toBe(401);
    expect(json.error).toMatchObject({ code: "invalid_signature", details: { verdict: "invalid", reason } });
    expect(stored).toMatchObject({ signatureVerdict: "invalid", signatureReason: reason, responseStatus: 401 });
  });

  it("refuses a body tampered with after signing", async () => {
    const { status, stored } = await deliver({
      body: formBody(104),
      signature: signBody(formBody(105), "first-secret"),
    });
    expect(status).toBe(401);
    expect(stored!.signatureReason).toBe("no_secret_matches");
  });

  it("refuses a missing signature when secrets are configured, and stores it", async () => {
    const { status, stored } = await deliver({ body: formBody(106) });
    expect(status).toBe(401);
    expect(stored).toMatchObject({ signatureVerdict: "missing", responseStatus: 401 });
  });

  it("answers 202 instead of 401 when observing only", async () => {
    process.env.WEBHOOK_OBSERVE_ONLY = "true";
    const { status, json, stored } = await deliver({ body: formBody(107), signature: "0".repeat(40) });
    expect(status).toBe(202);
    expect(json.verdict).toBe("invalid");
    expect(stored).toMatchObject({ signatureVerdict: "invalid", responseStatus: 202 });
  });

  it("stores an unverified delivery when no secret is configured", async () => {
    delete process.env.ACCELO_WEBHOOK_SECRET;
    const { status, stored } = await deliver({ body: formBody(108), signature: "whatever" });
    expect(status).toBe(200);
    expect(stored!.signatureVerdict).toBe("unverified");
  });
});

describe("POST /api/webhooks/accelo: bodies", () => {
  it("stores a form delivery with everything it carried", async () => {
    const body = formBody(201, "requests");
    const { status, stored } = await deliver({
      body,
      event: "update_request_status",
      signature: signBody(body, "first-secret"),
      // The peer address is what server.ts saw on the socket; a client's own X-Forwarded-For is no source.
      extraHeaders: [
        ["x-forwarded-for", "6.6.6.6"],
        [PEER_ADDRESS_HEADER, "203.0.113.9"],
      ],
    });
    expect(status).toBe(200);
    expect(stored).toMatchObject({
      method: "POST",
      url: "/api/webhooks/accelo?source=test",
      remoteAddress: "203.0.113.9",
      contentType: FORM,
      bodyFormat: "form",
      contentTypeSniffed: false,
      eventId: "update_request_status",
      objectId: "201",
      resourceUrl: `${API}/requests/201`,
      resourceType: "requests",
      resourceId: "201",
      bodySize: Buffer.byteLength(body),
      oversized: false,
      parseError: null,
    });
    expect(Buffer.from(stored!.rawBody).toString()).toBe(body);
    expect(JSON.parse(stored!.payload!)).toEqual({ id: "201", resource_url: `${API}/requests/201` });
    expect(JSON.parse(stored!.headers)).toContainEqual(["x-accelo-event", "update_request_status"]);
  });

  it("records when it arrived, whatever the server's time zone", async () => {
    // PostgreSQL's timestamp column has no zone: a Date written in local time would be read back hours off.
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland";
    try {
      const before = Date.now();
      const body = formBody(208);
      const { stored } = await deliver({ body, signature: signBody(body, "first-secret") });
      expect(stored!.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(stored!.receivedAt.getTime()).toBeLessThanOrEqual(Date.now());
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("stores a JSON delivery", async () => {
    const body = JSON.stringify({ id: 202, resource_url: `${API}/quotes/202` });
    const { status, stored } = await deliver({
      body,
      contentType: JSON_TYPE,
      event: "create_quote",
      signature: signBody(body, "first-secret"),
    });
    expect(status).toBe(200);
    expect(stored).toMatchObject({
      bodyFormat: "json",
      objectId: "202",
      resourceType: "quotes",
      contentTypeSniffed: false,
    });
    expect(stored!.payload).toBe(body);
  });

  it("sniffs and flags a missing or wrong Content-Type", async () => {
    const body = JSON.stringify({ id: 203 });
    const missing = await deliver({ body, contentType: null, signature: signBody(body, "first-secret") });
    const wrong = await deliver({ body, contentType: "text/plain", signature: signBody(body, "first-secret") });
    for (const { status, stored } of [missing, wrong]) {
      expect(status).toBe(200);
      expect(stored).toMatchObject({ bodyFormat: "json", contentTypeSniffed: true, objectId: "203" });
    }
  });

  it("stores unknown events like known ones", async () => {
    const body = formBody(204);
    const { status, stored } = await deliver({
      body,
      event: "brand_new_event",
      signature: signBody(body, "first-secret"),
    });
    expect(status).toBe(200);
    expect(stored!.eventId).toBe("brand_new_event");
  });

  it("accepts a delete event without resource_url", async () => {
    const body = "id=205";
    const { status, stored } = await deliver({
      body,
      event: "delete_invoice",
      signature: signBody(body, "first-secret"),
    });
    expect(status).toBe(200);
    expect(stored).toMatchObject({ objectId: "205", resourceUrl: null, resourceType: null });
  });

  it("refuses an oversized body with 413, keeping a truncated copy and a true verdict", async () => {
    process.env.WEBHOOK_MAX_BODY_BYTES = "1024";
    const body = JSON.stringify({ id: 206, padding: "x".repeat(5000) });
    const { status, json, stored } = await deliver({
      body,
      contentType: JSON_TYPE,
      signature: signBody(body, "first-secret"),
    });
    expect(status).toBe(413);
    expect(json.error.code).toBe("payload_too_large");
    expect(stored).toMatchObject({
      oversized: true,
      bodySize: Buffer.byteLength(body),
      responseStatus: 413,
      signatureVerdict: "valid",
    });
    expect(Buffer.from(stored!.rawBody).toString()).toBe(body.slice(0, 1024));
  });

  it("refuses an empty body with 400 and stores it", async () => {
    const { status, stored } = await deliver({ body: "", signature: signBody("", "first-secret") });
    expect(status).toBe(400);
    expect(stored).toMatchObject({ bodyFormat: "empty", responseStatus: 400, signatureVerdict: "valid" });
  });

  it("refuses a body that is not UTF-8 with 400, keeping its exact bytes", async () => {
    const body = new Uint8Array([0x69, 0x64, 0x3d, 0xff, 0xfe, 0x00]);
    const { status, stored } = await deliver({ body, signature: signBody(body, "first-secret") });
    expect(status).toBe(400);
    expect(stored!.parseError).toBe("Body is not valid UTF-8");
    expect([...stored!.rawBody]).toEqual([...body]);
  });

  it("refuses a body that is neither JSON nor a form with 400", async () => {
    const body = "{ this is not json";
    const { status, json, stored } = await deliver({
      body,
      contentType: JSON_TYPE,
      signature: signBody(body, "first-secret"),
    });
    expect(status).toBe(400);
    expect(json.error.code).toBe("bad_request");
    expect(stored!.bodyFormat).toBe("unparsed");
  });

  it("answers 401 before 400 when an unreadable body is also unsigned", async () => {
    const { status } = await deliver({ body: "{ nope" });
    expect(status).toBe(401);
  });

  it("links a delivery sent again to the first one", async () => {
    const body = formBody(207);
    const signature = signBody(body, "first-secret");
    const first = await deliver({ body, signature });
    const again = await deliver({ body, signature });
    const otherEvent = await deliver({ body, signature, event: "unassign_task" });
    expect(first.stored!.duplicateOfId).toBeNull();
    expect(again.json.duplicateOf).toBe(first.stored!.id);
    expect(again.stored!.duplicateOfId).toBe(first.stored!.id);
    expect(otherEvent.stored!.duplicateOfId).toBeNull();
  });

  it("stores a concurrent burst once each, linking repeats within the burst to the first", async () => {
    const bodies = Array.from({ length: 60 }, (_, index) => formBody(300 + (index % 20)));
    const answers = await Promise.all(
      bodies.map((body) => deliver({ body, signature: signBody(body, "first-secret") })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(bodies.map(() => 200));
    expect(new Set(answers.map((answer) => answer.stored!.id)).size).toBe(60);
    for (let objectId = 300; objectId < 320; objectId++) {
      const copies = answers
        .filter((answer) => answer.stored!.objectId === String(objectId))
        .sort((a, b) => a.stored!.id - b.stored!.id);
      expect(copies).toHaveLength(3);
      expect(copies[0].stored!.duplicateOfId).toBeNull();
      expect(copies.slice(1).map((copy) => copy.stored!.duplicateOfId)).toEqual([
        copies[0].stored!.id,
        copies[0].stored!.id,
      ]);
    }
  });

  it("stores no credential a sender put in its headers, and still checks the signature", async () => {
    const body = formBody(209);
    const session = "v1.1796330752.0HsGCJoW88EY-iu1S_-DjD-Bbe6oOcT4rAhKJSIBd3E";
    const bearer = "Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    const { status, stored } = await deliver({
      body,
      signature: signBody(body, "first-secret"),
      extraHeaders: [
        ["cookie", `theme=dark; awm_session=${session}`],
        ["authorization", bearer],
      ],
    });
    expect(status).toBe(200);
    expect(stored?.signatureVerdict).toBe("valid");
    expect(JSON.stringify(stored)).not.toMatch(/0HsGCJoW88EY|ghp_16C7e42F|theme=dark/);
    const headers = new Map(JSON.parse(stored?.headers ?? "[]") as [string, string][]);
    expect(headers.get("authorization")).toMatch(
      new RegExp(`^\\[redacted: ${bearer.length} bytes, sha256 [0-9a-f]{8}\\]$`),
    );
    expect(headers.get("cookie")).toMatch(/^\[redacted: /);
  });

  it("never stores or answers a secret", async () => {
    const body = formBody(208);
    const { json } = await deliver({ body, signature: signBody(body, "wrong") });
    const rows = await db.delivery.findMany();
    for (const text of [
      JSON.stringify(json),
      JSON.stringify(rows, (_, value) => (typeof value === "bigint" ? String(value) : value)),
    ]) {
      expect(text).not.toContain("first-secret");
      expect(text).not.toContain("second-secret");
    }
  });
});
