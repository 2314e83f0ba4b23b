// Whatever a sender put in a delivery's headers and body, and whatever the receiver made of it,
// comes back whole from a CSV read by a real parser and from NDJSON; no cell a spreadsheet would
// run as a formula is written as one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyBytes, readCsvExport, readNdjsonExport } from "@/tests/export-files";
import { csvCell, csvHeader, csvRecord, encodeBody, ndjsonLine } from "./export-format";
import type { DeliveryExportRow } from "./schemas";

/** Text full of what CSV and spreadsheets treat specially. */
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom(",", '"', "\r", "\n", "\r\n", "=", "+", "-", "@", "'", "\t", " ", "é", "😀", "\u2028"),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 24,
});
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

/** Bodies as bytes: valid UTF-8 text, tricky text, and byte soup that is mostly not UTF-8. */
const bodies = fc.oneof(
  tricky.map((text) => new Uint8Array(Buffer.from(text))),
  fc.uint8Array({ maxLength: 64 }),
  fc.constant(new Uint8Array([0xff, 0xfe, 0x00, 0xc3])),
);

const rows = fc
  .record({
    id: fc.nat(),
    receivedAt: fc
      .date({ min: new Date(0), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((date) => date.toISOString()),
    eventId: maybe(tricky),
    objectId: maybe(tricky),
    resourceType: maybe(tricky),
    resourceId: maybe(tricky),
    resourceUrl: maybe(tricky),
    signatureVerdict: fc.constantFrom("valid", "invalid", "missing", "unverified" as const),
    signatureReason: maybe(tricky),
    signatureAlgorithm: maybe(tricky),
    subscriptionId: maybe(tricky),
    responseStatus: fc.integer({ min: 100, max: 599 }),
    duplicateOfId: maybe(fc.nat()),
    method: tricky,
    url: tricky,
    remoteAddress: maybe(tricky),
    contentType: maybe(tricky),
    bodyFormat: tricky,
    bodySize: fc.nat(),
    oversized: fc.boolean(),
    compacted: fc.boolean(),
    parseError: maybe(tricky),
    truncatedFields: maybe(tricky),
    storeError: maybe(tricky),
    headers: fc.array(fc.tuple(tricky, tricky), { maxLength: 4 }),
    bytes: bodies,
  })
  .map(({ bytes, ...row }) => ({ row: { ...row, ...encodeBody(bytes) } satisfies DeliveryExportRow, bytes }));

describe("export formats", () => {
  it("read back to the same rows and body bytes through csv-parse and JSON.parse", () => {
    fc.assert(
      fc.property(fc.array(rows, { maxLength: 5 }), (generated) => {
        const expected = generated.map(({ row }) => row);
        // The writers take the headers as the receiver stores them: JSON text.
        const written = expected.map((row) => ({ ...row, headers: JSON.stringify(row.headers) }));
        const csv = readCsvExport(csvHeader() + written.map(csvRecord).join(""));
        const ndjson = readNdjsonExport(written.map(ndjsonLine).join(""));
        expect(csv).toEqual(expected);
        expect(ndjson).toEqual(expected);
        for (const [index, { bytes }] of generated.entries()) {
          expect(new Uint8Array(bodyBytes(csv[index]))).toEqual(bytes);
        }
      }),
      { seed: 20261128, numRuns: 100 },
    );
  });

  it("writes a cell a spreadsheet would run as a formula as text", () => {
    for (const formula of ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(csvCell(formula).replace(/^"/, "")).toMatch(/^'/);
    }
    expect(csvCell("'quoted")).toBe("''quoted");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("")).toBe('""');
    expect(csvCell(null)).toBe("");
  });

  it("writes bodies as UTF-8 text when they are, and as base64 when not", () => {
    expect(encodeBody(new Uint8Array(Buffer.from("id=1&x=é")))).toEqual({ bodyEncoding: "utf8", body: "id=1&x=é" });
    expect(encodeBody(new Uint8Array([0xff, 0x00]))).toEqual({ bodyEncoding: "base64", body: "/wA=" });
  });
});
