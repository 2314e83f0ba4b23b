import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SKIP_REASONS } from "../../lib/accelo/fetch-reasons";
import { SIGNATURE_ALGORITHMS } from "../../lib/receiver/signature/algorithms";
import { signBody } from "../../lib/receiver/signature/sign";
import { SIGNATURE_REASONS } from "../../lib/receiver/signature/verify";

// The hostile corpus: requests kept as data in tests/corpus/*.json, each with the answer it must
// get and how it must be recorded. tests/e2e/hostile-corpus.spec.ts sends them over raw sockets to
// the production server. Placeholders in strings: {apiOrigin} is the Accelo API the server is
// configured with (the stand-in), {apiPort} its port; a signing secret of "{configured}" is the
// server's webhook secret.

/** A piece of a body: text, bytes, or text repeated (so 10 MB bodies stay a line of data). */
const bodyPartSchema = z.union([
  z.object({ text: z.string() }),
  z.object({ base64: z.string() }),
  z.object({ repeat: z.object({ text: z.string().min(1), times: z.number().int().positive() }) }),
]);

/** A signature computed over the body at run time with lib/receiver/signature/sign.ts. */
const signSchema = z.object({
  sign: z.object({
    secret: z.string().min(1),
    algorithm: z.enum(SIGNATURE_ALGORITHMS).default("sha1"),
    prefixed: z.boolean().default(false),
    /** Keeps only this many characters of the value: near a valid signature, but not one. */
    truncateTo: z.number().int().nonnegative().optional(),
    upperCase: z.boolean().default(false),
  }),
});

/** One header, or many: `{i}` in a repeated name or value is the header's 0-based position. */
const headerSchema = z.union([
  z.tuple([z.string().min(1), z.union([z.string(), signSchema])]),
  z.object({ repeat: z.object({ name: z.string().min(1), value: z.string(), times: z.number().int().positive() }) }),
]);

const recordSchema = z
  .object({
    bodyFormat: z.enum(["json", "form", "empty", "unparsed"]),
    /** true: a parse error is recorded; a string: the recorded error contains it. */
    parseError: z.union([z.boolean(), z.string()]),
    oversized: z.boolean(),
    /** Bytes as sent, when it matters (chunked bodies have no Content-Length to trust). */
    bodySize: z.number().int().nonnegative().optional(),
    contentTypeSniffed: z.boolean(),
    signatureVerdict: z.enum(["valid", "invalid", "missing", "unverified"]),
    signatureReason: z.enum(SIGNATURE_REASONS).nullable(),
    objectId: z.string().nullable().optional(),
    resourceType: z.string().nullable().optional(),
    resourceUrl: z.string().nullable().optional(),
    /** What became of the automatic fetch: a skip reason, or "scheduled" when it may go ahead. */
    fetch: z.union([z.enum(SKIP_REASONS), z.literal("scheduled")]).optional(),
    /** At least this many headers are kept in the record (besides the ones every request has). */
    headerCount: z.number().int().positive().optional(),
  })
  .strict();

export const corpusCaseSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    /** What the case probes and why the expectation is what it is. */
    why: z.string().min(1),
    method: z.string().default("POST"),
    path: z.string().default("/api/webhooks/accelo"),
    /** Sent in this order, exactly; duplicates allowed. Framing headers are added per `framing`. */
    headers: z.array(headerSchema).default([]),
    body: z.array(bodyPartSchema).default([]),
    /**
     * "content-length": a correct Content-Length is added. "chunked": Transfer-Encoding: chunked
     * and no length, in 64 KiB chunks. "as-given": nothing is added, the headers frame the body.
     */
    framing: z.enum(["content-length", "chunked", "as-given"]).default("content-length"),
    /** Sends the head and this many body bytes, then hangs up without waiting for an answer. */
    hangUpAfterBytes: z.number().int().nonnegative().optional(),
    /** Set when the expected answer is wrong but outside this project's code: says whose and why. */
    knownLimitation: z.string().min(1).optional(),
    expect: z
      .object({
        /** The HTTP status, or null when the client hangs up first and no answer can be read. */
        status: z.number().int().min(100).max(599).nullable(),
        /** Where the answer comes from: the app's receiver, Next's router, or Node's HTTP parser. */
        answeredBy: z.enum(["receiver", "next", "node"]),
        /** How the delivery must be recorded, or false when nothing may be stored. */
        stored: z.union([z.literal(false), recordSchema]),
      })
      .strict(),
  })
  .strict();

export type CorpusCase = z.infer<typeof corpusCaseSchema>;
export type ExpectedRecord = z.infer<typeof recordSchema>;

const CORPUS_DIR = path.join(import.meta.dirname);

/** Every case of every tests/corpus/*.json file, checked against the schema; names are unique. */
export function loadCorpus(): CorpusCase[] {
  const files = fs
    .readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort();
  const cases = files.flatMap((file) =>
    z.array(corpusCaseSchema).parse(JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, file), "utf8"))),
  );
  const names = new Set<string>();
  for (const { name } of cases) {
    if (names.has(name)) throw new Error(`Two corpus cases are named ${name}`);
    names.add(name);
  }
  return cases;
}

export interface Placeholders {
  apiOrigin: string;
  configuredSecret: string;
}

function fill(text: string, { apiOrigin }: Placeholders): string {
  return text.replaceAll("{apiOrigin}", apiOrigin).replaceAll("{apiPort}", new URL(apiOrigin).port);
}

export function buildBody(parts: CorpusCase["body"], placeholders: Placeholders): Buffer {
  return Buffer.concat(
    parts.map((part) =>
      "text" in part
        ? Buffer.from(fill(part.text, placeholders))
        : "base64" in part
          ? Buffer.from(part.base64, "base64")
          : Buffer.from(part.repeat.text.repeat(part.repeat.times)),
    ),
  );
}

/** The header lines as sent: signatures computed over `body`, placeholders filled. */
export function buildHeaders(corpusCase: CorpusCase, body: Buffer, placeholders: Placeholders): [string, string][] {
  return corpusCase.headers.flatMap((header): [string, string][] => {
    if (!Array.isArray(header)) {
      const { name, value, times } = header.repeat;
      return Array.from({ length: times }, (_, i) => [
        name.replaceAll("{i}", String(i)),
        value.replaceAll("{i}", String(i)),
      ]);
    }
    const [name, value] = header;
    if (typeof value === "string") return [[name, fill(value, placeholders)]];
    const { secret, algorithm, prefixed, truncateTo, upperCase } = value.sign;
    const signed = signBody(body, secret === "{configured}" ? placeholders.configuredSecret : secret, {
      algorithm,
      prefixed,
    });
    const signature = truncateTo === undefined ? signed : signed.slice(0, truncateTo);
    return [[name, upperCase ? signature.toUpperCase() : signature]];
  });
}

/** The expected record with placeholders filled. */
export function expectedRecord(record: ExpectedRecord, placeholders: Placeholders): ExpectedRecord {
  return { ...record, ...(record.resourceUrl && { resourceUrl: fill(record.resourceUrl, placeholders) }) };
}
