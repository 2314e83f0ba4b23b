// Fills a database with many deliveries shaped like Accelo's, fast. A template of rows is built
// here and written as multi-row INSERTs of literal values (one Prisma create per row would take
// most of an hour for a million rows); the rest are copies of the template made by the database
// itself, INSERT … SELECT over a series, each with its own time, id and fingerprint. Building every
// row here ran at 2–4k rows/s on two cores, which put 10M deliveries out of reach.
import type { Db } from "../../lib/db/client";
import type { DatabaseProvider } from "../../lib/db/database-url";
import { DELIVERY_COLUMNS } from "../../lib/deliveries/queries";
import { buildBody, CONTENT_TYPES, type DeliveryFormat } from "../lib/accelo-delivery";
import { seededRandom } from "../lib/seeded-random";

const API_BASE = "https://acme.api.accelo.com";
const ROWS_PER_STATEMENT = 1_000;
/** Rows built here; the rest repeat them in order, so every mix below holds over any span of rows. */
const TEMPLATE_ROWS = 100_000;
/** Rows copied per INSERT … SELECT: one statement, one transaction, short enough to report progress. */
const ROWS_PER_COPY = 100_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** SQLite's compiled-in default (2 MB); lib/db/client.ts does not change it. */
const SQLITE_DEFAULT_CACHE_SIZE = -2000;

/** Events and the resource type each names, with how often it fires (weights sum to 100). */
const EVENT_MIX: [event: string, type: string | null, weight: number][] = [
  ["assign_task", "tasks", 24],
  ["create_task", "tasks", 9],
  ["unassign_task", "tasks", 3],
  ["update_issue", "issues", 10],
  ["create_issue", "issues", 5],
  ["update_request_status", "requests", 8],
  ["create_request", "requests", 5],
  ["update_contact", "contacts", 7],
  ["create_contact", "contacts", 3],
  ["update_company", "companies", 5],
  ["create_company", "companies", 2],
  ["create_invoice", "invoices", 4],
  ["update_invoice", "invoices", 4],
  ["delete_invoice", null, 1],
  ["create_quote", "quotes", 3],
  ["create_sale", "sales", 2],
  ["update_sale", "sales", 3],
  ["delete_activity", null, 2],
];
const EVENT_TABLE = EVENT_MIX.flatMap((entry) => Array<(typeof EVENT_MIX)[number]>(entry[2]).fill(entry));

// Every column the receiver writes, and the two it writes besides (lib/deliveries/queries.ts).
const COLUMNS = ["receivedAt", ...DELIVERY_COLUMNS, "duplicateOfId"] as const;

type Literal = string | number | boolean | null | Uint8Array | Date;

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function literal(value: Literal, provider: DatabaseProvider): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return quote(value.toISOString().replace("Z", "+00:00"));
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value).toString("hex");
    return provider === "postgresql" ? `'\\x${hex}'::bytea` : `X'${hex}'`;
  }
  return quote(value);
}

/** `length` hex digits from the generator: fingerprints and digests that look real, cheaply. */
function hex(next: () => number, length: number): string {
  let text = "";
  while (text.length < length)
    text += Math.floor(next() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return text.slice(0, length);
}

interface SeedOptions {
  /** The newest delivery's time; the rest spread evenly back over `days`. */
  now: Date;
  days: number;
  onProgress?: (inserted: number) => void;
}

/**
 * Inserts `count` deliveries in arrival order (ids grow with receivedAt, as the receiver's do):
 * about 2 % signature failures, 1 % duplicates, a few oversized and unparseable bodies.
 */
export async function seedDeliveries(db: Db, provider: DatabaseProvider, count: number, options: SeedOptions) {
  const next = seededRandom(20_261_126);
  const start = options.now.getTime() - options.days * DAY_MS;
  const step = (options.days * DAY_MS) / count;
  const firstId = 1 + ((await db.delivery.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0);
  const templateRows = Math.min(count, TEMPLATE_ROWS);

  // Random fingerprints land all over their index; with SQLite's default 2 MB page cache most
  // inserts would reread index pages. The app's own cache size is restored before timing.
  if (provider === "sqlite") await db.$executeRawUnsafe("PRAGMA cache_size = -262144");
  for (let done = 0; done < templateRows; ) {
    const rows: string[] = [];
    for (const end = Math.min(templateRows, done + ROWS_PER_STATEMENT); done < end; done++) {
      const values = deliveryValues(firstId + done, new Date(start + done * step), next);
      rows.push(`(${COLUMNS.map((column) => literal(values[column], provider)).join(", ")})`);
    }
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" (${COLUMNS.map((column) => `"${column}"`).join(", ")}) VALUES ${rows.join(", ")}`,
    );
    options.onProgress?.(done);
  }
  for (let done = templateRows; done < count; done = Math.min(count, done + ROWS_PER_COPY)) {
    await db.$executeRawUnsafe(
      copyStatement(provider, {
        firstId,
        templateRows,
        from: done,
        to: Math.min(count, done + ROWS_PER_COPY) - 1,
        start,
        step,
      }),
    );
    options.onProgress?.(Math.min(count, done + ROWS_PER_COPY));
  }
  if (provider === "postgresql")
    await db.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"Delivery"', 'id'), (SELECT max("id") FROM "Delivery"))`,
    );
  if (provider === "sqlite") await db.$executeRawUnsafe(`PRAGMA cache_size = ${SQLITE_DEFAULT_CACHE_SIZE}`);
}

/**
 * Rows `from`..`to` (counted from the first seeded one) as copies of template row n mod
 * templateRows: id firstId + n, received at start + n·step, a fingerprint of the template's with n
 * in its last 16 digits, and a duplicate pointing as far back as the template's does.
 */
function copyStatement(
  provider: DatabaseProvider,
  copy: { firstId: number; templateRows: number; from: number; to: number; start: number; step: number },
): string {
  const { firstId, templateRows, from, to, start, step } = copy;
  const series =
    provider === "postgresql"
      ? `generate_series(${from}, ${to}) AS "s"("n")`
      : `(WITH RECURSIVE "r"("n") AS (SELECT ${from} UNION ALL SELECT "n" + 1 FROM "r" WHERE "n" < ${to}) SELECT "n" FROM "r") AS "s"`;
  const seconds = `${start / 1000} + "s"."n" * ${step / 1000}`;
  const receivedAt =
    provider === "postgresql"
      ? `to_timestamp(${seconds}) AT TIME ZONE 'UTC'`
      : `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${seconds}, 'unixepoch')`;
  const counter = provider === "postgresql" ? `lpad(to_hex("s"."n"), 16, '0')` : `printf('%016x', "s"."n")`;
  const copied = COLUMNS.map((column) => {
    if (column === "receivedAt") return receivedAt;
    if (column === "fingerprint") return `substr("t"."fingerprint", 1, 48) || ${counter}`;
    if (column === "duplicateOfId") return `"t"."duplicateOfId" - "t"."id" + ${firstId} + "s"."n"`;
    return `"t"."${column}"`;
  });
  return `INSERT INTO "Delivery" ("id", ${COLUMNS.map((column) => `"${column}"`).join(", ")})
    SELECT ${firstId} + "s"."n", ${copied.join(", ")}
    FROM ${series} JOIN "Delivery" AS "t" ON "t"."id" = ${firstId} + "s"."n" % ${templateRows}
    ORDER BY "s"."n"`;
}

function deliveryValues(id: number, receivedAt: Date, next: () => number): Record<(typeof COLUMNS)[number], Literal> {
  const [event, type] = EVENT_TABLE[Math.floor(next() * EVENT_TABLE.length)];
  const objectId = 1 + Math.floor(next() * 400_000);
  const format: DeliveryFormat = next() < 0.7 ? "form" : "json";
  const resourceUrl = type ? `${API_BASE}/api/v0/${type}/${objectId}` : undefined;
  const body = buildBody(format, objectId, resourceUrl);
  const roll = next();
  const verdict = roll < 0.012 ? "invalid" : roll < 0.02 ? "missing" : roll < 0.03 ? "unverified" : "valid";
  const signature = verdict === "missing" || verdict === "unverified" ? null : hex(next, 40);
  const parseFails = next() < 0.001;
  const oversized = next() < 0.0005;
  const isDuplicate = id > 10 && next() < 0.01;
  const headers: [string, string][] = [
    ["host", "monitor.example.com"],
    ["user-agent", "Accelo-Webhooks/1.0"],
    ["content-length", String(body.length)],
    ["content-type", CONTENT_TYPES[format]],
    ["x-accelo-event", event],
    ...(signature ? [["x-hub-signature", signature] as [string, string]] : []),
    ["x-forwarded-for", "52.64.0.17"],
  ];
  return {
    receivedAt,
    remoteAddress: "52.64.0.17",
    method: "POST",
    url: "/api/webhooks/accelo",
    headers: JSON.stringify(headers),
    rawBody: Buffer.from(parseFails ? `${body}%ZZ` : body),
    bodySize: oversized ? 2_000_000 : body.length,
    oversized,
    contentType: CONTENT_TYPES[format],
    bodyFormat: parseFails ? "unparsed" : format,
    contentTypeSniffed: false,
    parseError: parseFails ? "URI malformed" : null,
    payload: parseFails
      ? null
      : JSON.stringify(
          format === "json"
            ? { id: objectId, resource_url: resourceUrl }
            : { id: String(objectId), resource_url: resourceUrl },
        ),
    eventId: event,
    objectId: String(objectId),
    resourceUrl: resourceUrl ?? null,
    resourceType: type,
    resourceId: type ? String(objectId) : null,
    signatureHeader: signature,
    signatureVerdict: verdict,
    signatureReason: verdict === "invalid" ? "no_secret_matches" : null,
    signatureAlgorithm: signature ? "sha1" : null,
    signatureAlgorithmFrom: signature ? "length" : null,
    signatureSecretIndex: verdict === "valid" ? 0 : null,
    subscriptionId: null,
    responseStatus: verdict === "invalid" || verdict === "missing" ? 401 : 200,
    fingerprint: hex(next, 64),
    truncatedFields: null,
    storeError: null,
    compacted: false,
    duplicateOfId: isDuplicate ? id - 1 - Math.floor(next() * 10) : null,
  };
}
