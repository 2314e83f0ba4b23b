import "server-only";
import type { SignatureVerdict } from "../receiver/signature/verify";
import { csvHeader, csvRecord, type ExportFormat, type ExportRow, encodeBody, ndjsonLine } from "./export-format";
import { type DeliveryFilters, resolveTimeWindow } from "./filters";
import { listConditions, searchWindow } from "./list-deliveries";
import { type ExportSourceRow, edgeDeliveryId, idRangeForTimeWindow, selectExportRows } from "./queries";

/**
 * Rows per query. Each batch is one keyset query below the last id written, so memory holds one
 * batch whatever the export's size; larger batches gain little once a query's own cost is spread
 * over this many rows (npm run bench:export).
 */
export const EXPORT_BATCH_SIZE = 2_000;

/** A stored row as the writers take it: the list's wire form of each field, the body as text. */
function toExportRow(row: ExportSourceRow): ExportRow {
  const body = encodeBody(row.rawBody);
  // Field by field rather than spread: at a million rows, spread costs more than the read.
  return {
    id: row.id,
    receivedAt: row.receivedAt,
    eventId: row.eventId,
    objectId: row.objectId,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    resourceUrl: row.resourceUrl,
    // The column holds only the verdicts the receiver writes (lib/receiver/signature/verdicts.ts).
    signatureVerdict: row.signatureVerdict as SignatureVerdict,
    signatureReason: row.signatureReason,
    signatureAlgorithm: row.signatureAlgorithm,
    subscriptionId: row.subscriptionId,
    responseStatus: row.responseStatus,
    duplicateOfId: row.duplicateOfId,
    method: row.method,
    url: row.url,
    remoteAddress: row.remoteAddress,
    contentType: row.contentType,
    bodyFormat: row.bodyFormat,
    bodySize: row.bodySize,
    oversized: row.oversized,
    compacted: row.compacted,
    parseError: row.parseError,
    truncatedFields: row.truncatedFields,
    storeError: row.storeError,
    headers: row.headers,
    bodyEncoding: body.bodyEncoding,
    body: body.body,
  };
}

/**
 * Every delivery the list's filters match, newest first as the list shows them, in batches. The
 * filters' page position (cursor, limit) is not used: an export is all of the list, not a page.
 * Where text search scans rather than using an index, each query looks through at most the
 * list's window of ids, so no single query holds the database (and SQLite's event loop) long.
 */
export async function* exportBatches(filters: DeliveryFilters, now = new Date()): AsyncGenerator<ExportRow[]> {
  const range = await idRangeForTimeWindow(resolveTimeWindow(filters, now));
  if (!range) return;
  const window = searchWindow(filters.q);
  let below = range.below;
  let lowest = range.above;
  if (window !== null) {
    if (below === Number.POSITIVE_INFINITY) below = ((await edgeDeliveryId("desc")) ?? 0) + 1;
    lowest = Math.max(lowest, ((await edgeDeliveryId("asc")) ?? 1) - 1);
  }
  while (below > lowest + 1) {
    const above = window === null ? lowest : Math.max(lowest, below - window - 1);
    const rows = await selectExportRows(listConditions(filters, above, below), EXPORT_BATCH_SIZE);
    if (rows.length > 0) yield rows.map(toExportRow);
    if (rows.length === EXPORT_BATCH_SIZE) below = rows[rows.length - 1].id;
    else if (window === null) return;
    else below = above + 1;
  }
}

/**
 * The export as a byte stream: a batch is read each time the reader asks for more, so a slow
 * client holds the reads back instead of the rows piling up in memory, and a client that goes
 * away stops them.
 */
export function exportStream(
  filters: DeliveryFilters,
  format: ExportFormat,
  now = new Date(),
): ReadableStream<Uint8Array> {
  const batches = exportBatches(filters, now);
  // One batch is asked for ahead of the one being written, so PostgreSQL reads the next while
  // this process writes (SQLite reads in this thread either way). Its failure is reported when
  // the stream reaches it, never as an unhandled rejection if the client left first.
  const ahead = () => {
    const batch = batches.next();
    batch.catch(() => {});
    return batch;
  };
  let next = ahead();
  const encoder = new TextEncoder();
  const write = format === "csv" ? csvRecord : ndjsonLine;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      // The status line is long sent: a failure can only cut the download short (the client sees
      // an incomplete transfer, never a file that looks whole), and the log says why.
      const { value, done } = await next.catch((error: unknown) => {
        console.error(`[export] stopped: ${(error as Error).message}`);
        throw error;
      });
      if (done) {
        controller.close();
        return;
      }
      next = ahead();
      let text = "";
      for (const row of value) text += write(row);
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
