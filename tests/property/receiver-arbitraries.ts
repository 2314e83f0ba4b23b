import fc from "fast-check";
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "../../lib/receiver/signature/algorithms";
import { signBody } from "../../lib/receiver/signature/sign";
import { seededRandom } from "../../scripts/lib/seeded-random";

// What the receiver's property (receiver-property.ts) sends: hostile requests of every shape a
// real HTTP request can carry, and genuine Accelo deliveries to send among them. Nothing here
// touches the database, so the fuzz script can import it before it has chosen one.

/** The secrets the receiver is configured with during a run; genuine deliveries use either. */
export const PROPERTY_SECRETS = ["property-secret-one", "property-secret-two"] as const;
const WRONG_SECRET = "not-a-property-secret";

/** Small enough that oversized bodies cost little to send and store; the other runs use the default. */
export const SMALL_BODY_LIMIT = 4096;
const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Genuine deliveries take object ids from here up, a range no hostile id is drawn from, so that a
 * genuine body can never be sent by the hostile side too and "stored once" means what it says.
 */
const GENUINE_ID_BASE = 70_000_000;

export interface ReceiverSettings {
  /** false: ACCELO_WEBHOOK_SECRET unset, every delivery is stored as "unverified". */
  secretsConfigured: boolean;
  observeOnly: boolean;
  maxBodyBytes: number;
}

export type SignaturePlan =
  | { kind: "valid"; algorithm: SignatureAlgorithm; prefixed: boolean; secretIndex: 0 | 1; upperCase: boolean }
  | { kind: "missing" }
  | { kind: "wrong-secret"; algorithm: SignatureAlgorithm; prefixed: boolean }
  | { kind: "other-body"; algorithm: SignatureAlgorithm; prefixed: boolean }
  | { kind: "wrong-prefix"; algorithm: SignatureAlgorithm; prefix: string }
  | { kind: "truncated"; algorithm: SignatureAlgorithm; keep: number }
  | { kind: "several-valid"; count: number }
  | { kind: "raw"; values: string[] };

export interface HostileRequest {
  /** How the body was made, for reading a counterexample. */
  shape: string;
  body: Uint8Array<ArrayBuffer>;
  /**
   * The body is JSON (JSON.stringify'd, or a JSON literal built by hand) or a form whose every
   * name and value went through encodeURIComponent: the receiver must parse it, whatever
   * Content-Type says. Otherwise it may answer 400.
   */
  parses: boolean;
  contentType: string | null;
  event: string | null;
  signature: SignaturePlan;
  extraHeaders: [string, string][];
  /** Set on hand-written requests only: the object id sent, of which the stored one must be a prefix. */
  objectId?: string;
}

export interface GenuineTemplate {
  format: "form" | "json";
  resourceType: string;
  event: string;
  algorithm: SignatureAlgorithm;
  prefixed: boolean;
  secretIndex: 0 | 1;
}

/** A genuine delivery as sent: its object id is stamped at send time (see genuineDelivery). */
export interface GenuineDelivery {
  objectId: string;
  resourceUrl: string;
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  event: string;
  signature: string;
}

export interface ReceiverBatch {
  settings: ReceiverSettings;
  hostile: HostileRequest[];
  genuine: GenuineTemplate[];
  /** Orders the requests of the batch, genuine ones among the hostile ones. */
  shuffleSeed: number;
}

export interface BatchSize {
  hostile: { min: number; max: number };
  genuine: { min: number; max: number };
}

function charRange(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, index) => String.fromCharCode(from + index));
}

/**
 * What a header value can hold on the wire and through undici's Headers: tab, visible ASCII and
 * the obs-text bytes 0x80–0xFF (read as Latin-1). CR, LF, NUL and other controls are refused
 * before any handler runs (the corpus covers that), so they are not generated.
 */
export const HEADER_CHARS: readonly string[] = ["\t", ...charRange(0x20, 0x7e), ...charRange(0x80, 0xff)];
const LETTERS: readonly string[] = [...charRange(0x41, 0x5a), ...charRange(0x61, 0x7a), "_"];
const URL_SAFE: readonly string[] = [...LETTERS, ...charRange(0x30, 0x39), "-", ".", "~"];
/** For long values inside bodies: the header characters and a few that take 3 or 4 bytes in UTF-8. */
const BODY_CHARS: readonly string[] = [...HEADER_CHARS, "€", "中", "\u2028", "😀", "\u0000"];

export function randomText(alphabet: readonly string[], length: number, seed: number): string {
  const next = seededRandom(seed);
  let text = "";
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

/**
 * Long random text, drawn as a length and a seed: fast-check builds and shrinks a string of
 * thousands of characters one character at a time, which costs more than sending it. Random
 * text is what matters for long values: PostgreSQL compresses an index entry before it checks
 * its size, so "eeee…" fits where random text of the same length does not.
 */
function bulkText(alphabet: readonly string[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .record({ length: fc.integer({ min: minLength, max: maxLength }), seed: fc.integer() })
    .map(({ length, seed }) => randomText(alphabet, length, seed));
}

function headerText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...HEADER_CHARS), maxLength });
}

/** Any header value: mostly short, sometimes up to maxLength. */
function headerValue(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: headerText(40) },
    { weight: 1, arbitrary: bulkText(HEADER_CHARS, 41, maxLength) },
  );
}

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text) as Uint8Array<ArrayBuffer>;

interface IdShape {
  shape: string;
  /** The value as it appears in a JSON body. */
  json: string;
  /** The value as a form field, before any encoding. */
  form: string;
}

const idShape = (shape: string) => (text: string) => ({ shape, json: JSON.stringify(text), form: text });
const idLiteral = (shape: string) => (literal: string) => ({ shape, json: literal, form: literal });

const idArbitrary: fc.Arbitrary<IdShape> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((id) => idLiteral("integer")(String(id))),
  fc.stringMatching(/^[1-9]\d{15,400}$/).map(idLiteral("huge-integer")),
  fc
    .constantFrom("1e400", "-0", "1.5", "9007199254740993", "1E+2", "-12345678901234567890.5e-3", "0.0000001")
    .map(idLiteral("number-literal")),
  fc.stringMatching(/^\d{1,6}$/).map(idShape("numeric-string")),
  fc.string({ unit: "binary", maxLength: 30 }).map(idShape("text")),
  fc.constantFrom("\u0000", "12\u00003", "..", "%FF", "1/2", "1?x=2").map(idShape("odd-text")),
  // Past the ~2,700 bytes a PostgreSQL B-tree entry holds (objectId is indexed).
  bulkText(BODY_CHARS, 1000, 6000).map(idShape("long-random-text")),
  fc.constantFrom("null", "true", "[1,2]", '{"id":1}', '""').map(idLiteral("not-a-scalar")),
);

/** Path segments that end a resource URL: ids, escapes that decode and escapes that do not. */
const segmentArbitrary: fc.Arbitrary<{ shape: string; text: string }> = fc.oneof(
  fc.nat({ max: 1_000_000 }).map((id) => ({ shape: "number", text: String(id) })),
  fc
    .constantFrom("%41", "%E2%82%AC", "caf%C3%A9", "%2e%2e", "..", ".", "%2F..%2Fsecret", "12.json", "%20", "%00")
    .map((text) => ({ shape: "escape-or-dots", text })),
  // Not UTF-8 once decoded, or not an escape at all: decodeURIComponent throws on each.
  fc
    .constantFrom("%FF", "%E0%A4%A", "%", "%G1", "%C3", "1%", "%ZZ", "12%E0%A4", "%C0%AF", "%ED%A0%80")
    .map((text) => ({ shape: "malformed-escape", text })),
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }).map((text) => ({ shape: "unicode", text })),
  bulkText(URL_SAFE, 1000, 5000).map((text) => ({ shape: "long-random", text })),
);

const resourceTypeArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("tasks", "requests", "quotes", "companies", "TASKS", "sales") },
  { weight: 1, arbitrary: bulkText(LETTERS, 2000, 5000) },
);

const structuredUrlArbitrary = fc
  .record({
    origin: fc.constantFrom(
      "https://acme.api.accelo.com",
      "https://other.api.accelo.com",
      "http://127.0.0.1:3600",
      "https://evil.example.com",
      "https://user:pw@acme.api.accelo.com",
      "HTTPS://ACME.API.ACCELO.COM",
    ),
    version: fc.constantFrom("0", "1", "10"),
    resourceType: resourceTypeArbitrary,
    between: fc.constantFrom("", "../", "tasks/../", "%2e%2e/", "./"),
    segment: segmentArbitrary,
    suffix: fc.constantFrom("", "/", ".json", "?_fields=all", "#top", "/extra", "%"),
  })
  .map(({ origin, version, resourceType, between, segment, suffix }) => ({
    shape: `url(${segment.shape}${suffix ? `, suffix ${suffix}` : ""})`,
    url: `${origin}/api/v${version}/${between}${resourceType}/${segment.text}${suffix}`,
  }));

const resourceUrlArbitrary: fc.Arbitrary<{ shape: string; url: string }> = fc.oneof(
  { weight: 8, arbitrary: structuredUrlArbitrary },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((url) => ({ shape: "url(any text)", url })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://acme.api.accelo.com/api/v0/tasks/1\u0000",
        "http://[::1]/api/v0/tasks/1",
        "https://acme.api.accelo.com\\api\\v0\\tasks\\1",
      )
      .map((url) => ({ shape: "url(odd)", url })),
  },
);

interface BodyShape {
  shape: string;
  body: Uint8Array<ArrayBuffer>;
  parses: boolean;
}

const textBody = (shape: string, parses: boolean) => (text: string) => ({ shape, body: utf8(text), parses });

const acceloJsonBody: fc.Arbitrary<BodyShape> = fc
  .record({
    id: fc.option(idArbitrary, { nil: undefined }),
    url: fc.option(
      fc.oneof(
        { weight: 8, arbitrary: resourceUrlArbitrary.map(({ shape, url }) => ({ shape, json: JSON.stringify(url) })) },
        { weight: 1, arbitrary: fc.constantFrom("42", '["https://a.example/api/v0/tasks/1"]', "{}", "null") },
      ),
      { nil: undefined },
    ),
    extra: fc.option(fc.jsonValue({ maxDepth: 3, stringUnit: "binary" }), { nil: undefined }),
  })
  .map(({ id, url, extra }) => {
    const fields = [
      id && `"id":${id.json}`,
      url && `"resource_url":${typeof url === "string" ? url : url.json}`,
      extra !== undefined && `"extra":${JSON.stringify(extra)}`,
    ].filter(Boolean);
    const urlShape = typeof url === "string" ? "url(not a string)" : url?.shape;
    return {
      shape: `accelo-json(${[id && `id ${id.shape}`, urlShape].filter(Boolean).join(", ")})`,
      body: utf8(`{${fields.join(",")}}`),
      parses: true,
    };
  });

const acceloFormBody: fc.Arbitrary<BodyShape> = fc
  .record({
    id: fc.option(idArbitrary, { nil: undefined }),
    url: fc.option(resourceUrlArbitrary, { nil: undefined }),
    encoded: fc.boolean(),
    repeated: fc.boolean(),
  })
  .map(({ id, url, encoded, repeated }) => {
    const encode = encoded ? encodeURIComponent : (value: string) => value;
    const fields = [
      ...(id ? [`id=${encode(id.form)}`] : []),
      ...(url ? [`resource_url=${encode(url.url)}`] : []),
      ...(repeated && id ? [`id=${encode(id.form)}`] : []),
    ];
    const text = fields.join("&");
    return {
      shape: `accelo-form(${[encoded ? "encoded" : "raw", id && `id ${id.shape}`, url?.shape].filter(Boolean).join(", ")})`,
      body: utf8(text),
      parses: encoded && text !== "",
    };
  });

const deepNestingBody: fc.Arbitrary<BodyShape> = fc
  .record({
    depth: fc.integer({ min: 1, max: 20_000 }),
    kind: fc.constantFrom("arrays", "objects"),
    closed: fc.boolean(),
  })
  .map(({ depth, kind, closed }) => {
    const [open, close] = kind === "arrays" ? ["[", "]"] : ['{"a":', "}"];
    const text = open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : "");
    return { shape: `deep-${kind}(${depth}${closed ? "" : ", unclosed"})`, body: utf8(text), parses: false };
  });

const literalBody: fc.Arbitrary<BodyShape> = fc
  .constantFrom(
    "",
    " ",
    "\u0000",
    '{"id":"\u0000"}',
    '{"id":"\\u0000"}',
    "id=\u0000",
    '{"id":1}\u0000',
    '\uFEFF{"id":1}',
    "1e999999",
    `-${"9".repeat(5000)}`,
    "[]",
    "null",
    "id",
    "=",
    "&&&",
    "id=1&&resource_url=",
    '{"id":1,"id":2}',
  )
  .map(textBody("literal", false));

const unicodeTextBody = fc.string({ unit: "binary", maxLength: 200 }).map(textBody("unicode-text", false));

const formishBody = fc
  .array(fc.tuple(fc.string({ unit: "binary", maxLength: 10 }), fc.string({ unit: "binary", maxLength: 20 })), {
    maxLength: 5,
  })
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("&"))
  .map(textBody("form-like-text", false));

const jsonValueBody = fc
  .jsonValue({ maxDepth: 5, stringUnit: "binary" })
  .map((value) => JSON.stringify(value))
  .map(textBody("json-value", true));

const bytesBody: fc.Arbitrary<BodyShape> = fc
  .uint8Array({ maxLength: 400 })
  .map((bytes) => ({ shape: "bytes", body: new Uint8Array(bytes), parses: false }));

/** A JSON delivery padded to a few bytes either side of the size limit, or to twice it. */
function nearLimitBody(maxBodyBytes: number): fc.Arbitrary<BodyShape> {
  return fc
    .record({ delta: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constant(maxBodyBytes)), seed: fc.integer() })
    .map(({ delta, seed }) => {
      const head = '{"id":1,"padding":"';
      const tail = '"}';
      const size = maxBodyBytes + delta;
      const padding = randomText(URL_SAFE, size - head.length - tail.length, seed);
      return { shape: `near-limit(${delta >= 0 ? "+" : ""}${delta})`, body: utf8(head + padding + tail), parses: true };
    });
}

function bodyArbitrary(settings: ReceiverSettings): fc.Arbitrary<BodyShape> {
  return fc.oneof(
    { weight: 6, arbitrary: acceloJsonBody },
    { weight: 5, arbitrary: acceloFormBody },
    { weight: 1, arbitrary: jsonValueBody },
    { weight: 1, arbitrary: deepNestingBody },
    { weight: 2, arbitrary: literalBody },
    { weight: 1, arbitrary: unicodeTextBody },
    { weight: 1, arbitrary: formishBody },
    { weight: 2, arbitrary: bytesBody },
    // A megabyte per request is slow to send and store; at the small limit it is cheap.
    { weight: settings.maxBodyBytes <= SMALL_BODY_LIMIT ? 2 : 0, arbitrary: nearLimitBody(settings.maxBodyBytes) },
  );
}

const algorithmArbitrary = fc.constantFrom(...SIGNATURE_ALGORITHMS);

const signatureArbitrary: fc.Arbitrary<SignaturePlan> = fc.oneof(
  {
    // Most requests are signed validly, so that most get past the signature to the parser and the database.
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant("valid" as const),
      algorithm: algorithmArbitrary,
      prefixed: fc.boolean(),
      secretIndex: fc.constantFrom(0 as const, 1 as const),
      upperCase: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "missing" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("wrong-secret" as const, "other-body" as const),
      algorithm: algorithmArbitrary,
      prefixed: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("wrong-prefix" as const),
      algorithm: algorithmArbitrary,
      prefix: fc.constantFrom("md5=", "hmac=", "sha-1=", "=", "sha1 =", "sha256=", "sha512=", "sha1="),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("truncated" as const),
      algorithm: algorithmArbitrary,
      keep: fc.nat({ max: 127 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("several-valid" as const), count: fc.integer({ min: 2, max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("raw" as const),
      values: fc.array(headerValue(200), { minLength: 1, maxLength: 3 }),
    }),
  },
);

const KNOWN_EVENTS = ["assign_task", "update_request_status", "create_quote", "delete_invoice", "complete_task"];

const eventArbitrary: fc.Arbitrary<string | null> = fc.option(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...KNOWN_EVENTS) },
    { weight: 3, arbitrary: headerText(60) },
    { weight: 1, arbitrary: bulkText(HEADER_CHARS, 200, 1500) },
    // Longer than a PostgreSQL B-tree entry holds (~2,700 bytes): eventId is indexed.
    { weight: 1, arbitrary: bulkText(HEADER_CHARS, 2000, 8000) },
  ),
  { nil: null },
);

const contentTypeArbitrary: fc.Arbitrary<string | null> = fc.option(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        "application/json",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-8",
        "APPLICATION/X-WWW-FORM-URLENCODED; charset=ISO-8859-1",
        "text/plain",
        "multipart/form-data; boundary=x",
      ),
    },
    { weight: 1, arbitrary: headerValue(200) },
  ),
  { nil: null },
);

/** Other headers a request may carry; x-prop-* never collides with a header the receiver reads. */
const extraHeadersArbitrary: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom("x-forwarded-for", "user-agent", "cookie", "accept"),
      fc.stringMatching(/^x-prop-[a-z0-9-]{1,20}$/),
    ),
    headerValue(1000),
  ),
  { maxLength: 4 },
);

// Headers stay within Node's default 16 KiB for the whole head: an 8,000-character event, four
// 1,000-character headers, three 200-character signatures and a 200-character Content-Type come
// to under 13,000 bytes (every generated character is one byte on the wire).

function hostileRequestArbitrary(settings: ReceiverSettings): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      body: bodyArbitrary(settings),
      contentType: contentTypeArbitrary,
      event: eventArbitrary,
      signature: signatureArbitrary,
      extraHeaders: extraHeadersArbitrary,
    })
    .map(({ body, ...rest }) => ({ ...rest, shape: body.shape, body: body.body, parses: body.parses }));
}

const genuineTemplateArbitrary: fc.Arbitrary<GenuineTemplate> = fc.record({
  format: fc.constantFrom("form" as const, "json" as const),
  resourceType: fc.constantFrom("tasks", "requests", "quotes", "companies", "invoices"),
  event: fc.constantFrom(...KNOWN_EVENTS),
  algorithm: algorithmArbitrary,
  prefixed: fc.boolean(),
  secretIndex: fc.constantFrom(0 as const, 1 as const),
});

let genuineSerial = 0;

/**
 * A genuine delivery, as Accelo sends one, with an object id never used before in this process:
 * fast-check replays a value while it shrinks, and a body sent twice would rightly be stored twice.
 */
export function genuineDelivery(template: GenuineTemplate): GenuineDelivery {
  const objectId = String(GENUINE_ID_BASE + ++genuineSerial);
  const resourceUrl = `https://acme.api.accelo.com/api/v0/${template.resourceType}/${objectId}`;
  const text =
    template.format === "json"
      ? JSON.stringify({ id: Number(objectId), resource_url: resourceUrl })
      : `id=${objectId}&resource_url=${encodeURIComponent(resourceUrl)}`;
  const body = utf8(text);
  return {
    objectId,
    resourceUrl,
    body,
    contentType: template.format === "json" ? "application/json" : "application/x-www-form-urlencoded",
    event: template.event,
    signature: signBody(body, PROPERTY_SECRETS[template.secretIndex], {
      algorithm: template.algorithm,
      prefixed: template.prefixed,
    }),
  };
}

/** Genuine deliveries of every format and signature variant, in turn: for hand-written batches. */
export function genuineTemplates(count: number): GenuineTemplate[] {
  return Array.from({ length: count }, (_, index) => ({
    format: index % 2 === 0 ? "form" : "json",
    resourceType: ["tasks", "requests", "quotes"][index % 3],
    event: KNOWN_EVENTS[index % KNOWN_EVENTS.length],
    algorithm: SIGNATURE_ALGORITHMS[index % SIGNATURE_ALGORITHMS.length],
    prefixed: index % 4 < 2,
    secretIndex: index % 5 === 0 ? 1 : 0,
  }));
}

/** A hand-written request that parses, validly signed: what a regression example sends. */
export function signedRequest(
  shape: string,
  text: string,
  { contentType, event = "assign_task", objectId }: { contentType: string; event?: string; objectId?: string },
): HostileRequest {
  return {
    shape,
    body: utf8(text),
    parses: true,
    contentType,
    event,
    signature: { kind: "valid", algorithm: "sha256", prefixed: true, secretIndex: 0, upperCase: false },
    extraHeaders: [],
    objectId,
  };
}

/** The X-Hub-Signature values a plan sends for a body, one header each. */
export function signatureValues(plan: SignaturePlan, body: Uint8Array): string[] {
  switch (plan.kind) {
    case "valid": {
      const value = signBody(body, PROPERTY_SECRETS[plan.secretIndex], plan);
      return [plan.upperCase ? value.toUpperCase() : value];
    }
    case "missing":
      return [];
    case "wrong-secret":
      return [signBody(body, WRONG_SECRET, plan)];
    case "other-body":
      return [signBody(new Uint8Array([...body, 0x20]), PROPERTY_SECRETS[0], plan)];
    case "wrong-prefix": {
      const digest = signBody(body, PROPERTY_SECRETS[0], { algorithm: plan.algorithm });
      // The algorithm's own prefix would make a valid signature: that one becomes another's.
      const own = `${plan.algorithm}=`;
      return [`${plan.prefix === own ? (plan.algorithm === "sha1" ? "sha256=" : "sha1=") : plan.prefix}${digest}`];
    }
    case "truncated": {
      const digest = signBody(body, PROPERTY_SECRETS[0], { algorithm: plan.algorithm });
      return [digest.slice(0, Math.min(plan.keep, digest.length - 1))];
    }
    case "several-valid":
      return Array.from({ length: plan.count }, () => signBody(body, PROPERTY_SECRETS[0]));
    case "raw":
      return plan.values;
  }
}

/** The headers of a hostile request, in the order sent. */
export function hostileHeaders(request: HostileRequest): [string, string][] {
  return [
    ...(request.contentType === null ? [] : [["content-type", request.contentType] as [string, string]]),
    ...(request.event === null ? [] : [["x-accelo-event", request.event] as [string, string]]),
    ...signatureValues(request.signature, request.body).map((value): [string, string] => ["x-hub-signature", value]),
    ...request.extraHeaders,
  ];
}

/** The verdict the receiver must reach: only a valid plan is valid, random text never matches. */
export function expectedVerdict(request: HostileRequest, settings: ReceiverSettings): string {
  if (!settings.secretsConfigured) return "unverified";
  if (request.signature.kind === "valid") return "valid";
  if (request.signature.kind === "missing") return "missing";
  return "invalid";
}

/**
 * The statuses the receiver may answer a hostile request with, in its order of precedence: 413
 * over the size limit, 401 for a failed signature (202 when observing only), 400 for a body that
 * does not parse, 200 otherwise. Never a 5xx: the database is up.
 */
export function allowedStatuses(request: HostileRequest, settings: ReceiverSettings): number[] {
  if (request.body.byteLength > settings.maxBodyBytes) return [413];
  const verdict = expectedVerdict(request, settings);
  const failed = verdict === "invalid" || verdict === "missing";
  if (failed && !settings.observeOnly) return [401];
  const accepted = failed ? 202 : 200;
  return request.parses ? [accepted] : [accepted, 400];
}

function preview(bytes: Uint8Array, limit = 160): string {
  const text = new TextDecoder().decode(bytes.subarray(0, limit));
  return `${JSON.stringify(text)}${bytes.byteLength > limit ? `… (${bytes.byteLength} bytes)` : ""}`;
}

function previewText(text: string | null, limit = 60): string {
  if (text === null) return "none";
  return text.length > limit ? `${JSON.stringify(text.slice(0, limit))}… (${text.length} chars)` : JSON.stringify(text);
}

function describeSignature(plan: SignaturePlan): string {
  if (plan.kind === "raw") return `raw ${plan.values.map((value) => previewText(value, 30)).join(", ")}`;
  const { kind, ...details } = plan;
  return `${kind} ${JSON.stringify(details)}`;
}

export function describeHostile(request: HostileRequest): string {
  return [
    `${request.shape} ${preview(request.body)}`,
    `content-type ${previewText(request.contentType)}`,
    `event ${previewText(request.event)}`,
    `signature ${describeSignature(request.signature)}`,
    ...request.extraHeaders.map(([name, value]) => `${name} ${previewText(value)}`),
  ].join("; ");
}

export function describeBatch(batch: ReceiverBatch): string {
  return [
    `settings ${JSON.stringify(batch.settings)}, shuffle ${batch.shuffleSeed}`,
    ...batch.hostile.map((request, index) => `  hostile #${index}: ${describeHostile(request)}`),
    ...batch.genuine.map((template, index) => `  genuine #${index}: ${JSON.stringify(template)}`),
  ].join("\n");
}

/** A batch that fast-check prints as describeBatch does, rather than byte by byte. */
export function printableBatch(batch: ReceiverBatch): ReceiverBatch {
  return Object.assign(batch, { [fc.toStringMethod]: () => describeBatch(batch) });
}

const settingsArbitrary: fc.Arbitrary<ReceiverSettings> = fc.record({
  secretsConfigured: fc.oneof(
    { weight: 5, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  observeOnly: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  maxBodyBytes: fc.constantFrom(SMALL_BODY_LIMIT, DEFAULT_BODY_LIMIT),
});

/** Hostile requests and genuine deliveries to send together, under one receiver configuration. */
export function receiverBatchArbitrary(size: BatchSize): fc.Arbitrary<ReceiverBatch> {
  return settingsArbitrary.chain((settings) =>
    fc
      .record({
        settings: fc.constant(settings),
        // Lengths spread evenly up to the maximum (fast-check's default keeps arrays short).
        hostile: fc.array(hostileRequestArbitrary(settings), {
          minLength: size.hostile.min,
          maxLength: size.hostile.max,
          size: "max",
        }),
        genuine: fc.array(genuineTemplateArbitrary, {
          minLength: size.genuine.min,
          maxLength: size.genuine.max,
          size: "max",
        }),
        shuffleSeed: fc.nat(),
      })
      .map(printableBatch),
  );
}
