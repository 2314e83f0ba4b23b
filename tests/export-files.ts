// Reads an export back as a user's tools would: NDJSON line by line, CSV through csv-parse (a
// real RFC 4180 parser, not this project's writer run backwards). Shared by the export's unit,
// integration and browser tests.
import { parse } from "csv-parse/sync";
import { EXPORT_COLUMNS } from "../lib/deliveries/export-format";
import { type DeliveryExportRow, deliveryExportRowSchema } from "../lib/deliveries/schemas";

export function readNdjsonExport(text: string): DeliveryExportRow[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("An NDJSON export ends with a newline");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => deliveryExportRowSchema.parse(JSON.parse(line)));
}

const NUMBERS = new Set<string>(["id", "responseStatus", "duplicateOfId", "bodySize"]);
const BOOLEANS = new Set<string>(["oversized", "compacted"]);

/** One CSV cell as the export documents it: an unquoted empty cell is null, one leading ' is undone. */
function cell(value: string, quoted: boolean, column: string): unknown {
  if (value === "" && !quoted) return null;
  const text = value.startsWith("'") ? value.slice(1) : value;
  if (NUMBERS.has(column)) return Number(text);
  if (BOOLEANS.has(column)) return text === "true" ? true : text === "false" ? false : text;
  if (column === "headers") return JSON.parse(text);
  return text;
}

export function readCsvExport(text: string): DeliveryExportRow[] {
  const records: Record<string, unknown>[] = parse(text, {
    columns: (header: string[]) => {
      if (header.join() !== EXPORT_COLUMNS.join()) throw new Error(`Unexpected CSV header: ${header.join()}`);
      return header;
    },
    record_delimiter: "\r\n",
    cast: (value, context) => (context.header ? value : cell(value, context.quoting, String(context.column))),
  });
  return records.map((record) => deliveryExportRowSchema.parse(record));
}

/** The stored body's bytes, whichever way the export wrote them. */
export function bodyBytes(row: Pick<DeliveryExportRow, "body" | "bodyEncoding">): Buffer {
  return Buffer.from(row.body, row.bodyEncoding === "base64" ? "base64" : "utf8");
}
