import { z } from "zod";
import { deliveryFiltersSchema } from "./filters";
import type { DeliveryExportRow } from "./schemas";

// How an export writes deliveries: one JSON object per line (NDJSON), or CSV per RFC 4180.
// Pure functions over rows, so the property tests can run them without a database.

export const EXPORT_FORMATS = ["ndjson", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET /api/deliveries/export: the list's own query (so every filter it gains applies here too) and a format. */
export const exportQuerySchema = deliveryFiltersSchema.and(z.object({ format: z.enum(EXPORT_FORMATS) }));

const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};

/** The answer's headers: a download named for the moment it was taken, never cached. */
export function exportHeaders(format: ExportFormat, at: Date): Headers {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return new Headers({
    "content-type": CONTENT_TYPES[format],
    "content-disposition": `attachment; filename="deliveries-${stamp}.${format}"`,
    "cache-control": "no-store",
  });
}

/**
 * A delivery as the writers take it: DeliveryExportRow with the headers still the JSON text the
 * receiver stored, so neither format parses and re-serialises them for every row.
 */
export type ExportRow = Omit<DeliveryExportRow, "headers"> & { headers: string };

/** The CSV's columns, in order: every field of DeliveryExportRow. */
export const EXPORT_COLUMNS = [
  "id",
  "receivedAt",
  "eventId",
  "objectId",
  "resourceType",
  "resourceId",
  "resourceUrl",
  "signatureVerdict",
  "signatureReason",
  "signatureAlgorithm",
  "subscriptionId",
  "responseStatus",
  "duplicateOfId",
  "method",
  "url",
  "remoteAddress",
  "contentType",
  "bodyFormat",
  "bodySize",
  "oversized",
  "compacted",
  "parseError",
  "truncatedFields",
  "storeError",
  "headers",
  "bodyEncoding",
  "body",
] as const satisfies readonly (keyof DeliveryExportRow)[];

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A delivery's stored body as export text: the bytes themselves when they are UTF-8, else base64. */
export function encodeBody(bytes: Uint8Array): Pick<ExportRow, "body" | "bodyEncoding"> {
  try {
    return { bodyEncoding: "utf8", body: strictUtf8.decode(bytes) };
  } catch {
    return {
      bodyEncoding: "base64",
      body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    };
  }
}

/** One NDJSON line: the row as JSON, its stored headers JSON spliced in as the last field. */
export function ndjsonLine({ headers, ...row }: ExportRow): string {
  const json = JSON.stringify(row);
  return `${json.slice(0, -1)},"headers":${headers}}\n`;
}

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula,
 * and a delivery's sender chooses its headers and body. Such a cell gets a leading apostrophe,
 * which spreadsheets show as text. A cell that already starts with an apostrophe gets one too,
 * so the rule can be undone exactly: a reader drops one leading ' from every cell that has one.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/** One CSV field: null is an empty field, any string (even empty) a quoted or plain one. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  // An empty string is written "" so that it reads back apart from null.
  // split/join rather than replaceAll: a header array's JSON has dozens of quotes, and V8 doubles
  // them several times faster this way (npm run bench:export).
  return text === "" || NEEDS_QUOTES.test(text) ? `"${text.split('"').join('""')}"` : text;
}

/** The header record of the CSV. */
export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(",")}\r\n`;
}

/** One CSV record, in EXPORT_COLUMNS' order. */
export function csvRecord(row: ExportRow): string {
  let line = csvCell(row[EXPORT_COLUMNS[0]]);
  for (let index = 1; index < EXPORT_COLUMNS.length; index++) line += `,${csvCell(row[EXPORT_COLUMNS[index]])}`;
  return `${line}\r\n`;
}
