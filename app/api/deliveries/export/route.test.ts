// The export is the list, whole: for the same filters its rows are the rows paging through
// GET /api/deliveries shows, in both formats, across more than one batch; bodies that are not
// text come back byte for byte; and any query is an export or a 400 in the one error shape.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resolveDatabaseTarget } from "@/lib/db/database-url";
import { encodeDeliveryCursor } from "@/lib/deliveries/cursor";
import { EXPORT_BATCH_SIZE } from "@/lib/deliveries/export-deliveries";
import { type DeliveryListItem, deliveryListItemSchema, deliveryListPageSchema } from "@/lib/deliveries/schemas";
import { apiErrorBodySchema } from "@/lib/http/errors";
import { signBody } from "@/lib/receiver/signature/sign";
import { seedDeliveries } from "@/scripts/bench/seed-deliveries";
import { bodyBytes, readCsvExport, readNdjsonExport } from "@/tests/export-files";
import { POST as receive } from "../../webhooks/accelo/route";
import { GET as list } from "../route";
import { GET } from "./route";

const SECRET = "export-route-secret";
const SEEDED = EXPORT_BATCH_SIZE + 300;
const BINARY_BODY = Buffer.from([0xff, 0xfe, 0x00, 0x3d, 0xc3, 0x28, 0x0a, 0x22]);
const TRICKY_BODY = "id=1&note=%3D1%2B1\r\n\"quoted\",=cmd|' /C calc'!A0";
const TRICKY_HEADER = "=HYPERLINK(\"https://example.com\"), 'x'\n";

const exportOf = (query: string) => GET(new Request(`http://localhost/api/deliveries/export?${query}`));

async function deliver(event: string, body: string | Buffer<ArrayBuffer>, headers: Record<string, string> = {}) {
  const signed = new Headers({ "x-accelo-event": event, "x-hub-signature": signBody(body, SECRET), ...headers });
  const answer = await receive(
    new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers: signed, body }),
  );
  expect(answer.status).toBeLessThan(500);
}

/** Every row the list shows for a query, paging to the end. */
async function listAll(query: string): Promise<DeliveryListItem[]> {
  const items: DeliveryListItem[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set("limit", "200");
    if (cursor) params.set("cursor", cursor);
    const page = deliveryListPageSchema.parse(
      await (await list(new Request(`http://localhost/api/deliveries?${params}`))).json(),
    );
    expect(page.searchLimited).toBe(false);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const LIST_FIELDS = Object.keys(deliveryListItemSchema.shape) as (keyof DeliveryListItem)[];
const asListItem = (row: DeliveryListItem) =>
  Object.fromEntries(LIST_FIELDS.map((field) => [field, row[field]])) as DeliveryListItem;

beforeAll(async () => {
  // Older history first, then what the receiver stores now: ids keep growing with time.
  await seedDeliveries(db, resolveDatabaseTarget().provider, SEEDED, {
    now: new Date(Date.now() - 60_000),
    days: 10,
  });
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
  await deliver("export_binary", BINARY_BODY, { "content-type": "application/octet-stream" });
  await deliver("export_tricky", TRICKY_BODY, {
    "content-type": "application/x-www-form-urlencoded",
    "x-note": TRICKY_HEADER.trim(),
  });
});
afterAll(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("GET /api/deliveries/export", () => {
  it("writes every row the list shows, newest first, across more than one batch", async () => {
    const response = await exportOf("format=ndjson");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const exported = readNdjsonExport(await response.text());
    expect(exported.length).toBeGreaterThan(EXPORT_BATCH_SIZE);
    expect(exported.map(asListItem)).toEqual(await listAll(""));
  });

  // csv-parse reads a few hundred rows a second when asked how each cell was quoted (which tells
  // null from ""), so CSV is read back for the filtered views, which are smaller.
  it.each(["event=assign_task", "verdict=invalid,missing&range=7d", "type=tasks&q=quotes", "q=calc", "forward=failed"])(
    "writes exactly the list's rows for ?%s, as NDJSON and as CSV",
    async (query) => {
      const fromNdjson = readNdjsonExport(await (await exportOf(`${query}&format=ndjson`)).text());
      const csv = await exportOf(`${query}&format=csv`);
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
      expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="deliveries-\d{8}T\d{6}Z\.csv"$/);
      const fromCsv = readCsvExport(await csv.text());

      expect(fromNdjson.map(asListItem)).toEqual(await listAll(query));
      expect(fromCsv).toEqual(fromNdjson);
    },
  );

  it("gives bodies back byte for byte, as base64 when they are not UTF-8, and headers as received", async () => {
    const [binary] = readCsvExport(await (await exportOf("event=export_binary&format=csv")).text());
    expect(binary.bodyEncoding).toBe("base64");
    expect(bodyBytes(binary)).toEqual(BINARY_BODY);

    const [tricky] = readCsvExport(await (await exportOf("event=export_tricky&format=csv")).text());
    expect(tricky.bodyEncoding).toBe("utf8");
    expect(tricky.body).toBe(TRICKY_BODY);
    expect(tricky.headers).toContainEqual(["x-note", TRICKY_HEADER.trim()]);
    const [asNdjson] = readNdjsonExport(await (await exportOf("event=export_tricky&format=ndjson")).text());
    expect(asNdjson).toEqual(tricky);
  });

  it("answers any query with an export or a 400 in the one shape, never a 500", async () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "",
        "csv",
        "ndjson",
        "failed",
        "invalid,missing",
        "24h",
        "2026-01-01T00:00:00Z",
        "-1",
        "%_\\",
        encodeDeliveryCursor({ direction: "older", id: 3 }),
      ),
    );
    const names = [
      "q",
      "event",
      "type",
      "subscription",
      "forward",
      "verdict",
      "range",
      "from",
      "to",
      "cursor",
      "limit",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...names, "other"), anyValue, { maxKeys: 4 }),
        // Most queries name a format, so most runs get past it to the filters.
        fc.option(fc.constantFrom("csv", "ndjson", "xml"), { freq: 5 }),
        // An event no delivery has keeps each export small, whatever else the query holds.
        async (query, format) => {
          const params = new URLSearchParams({ event: "export_none", ...query });
          if (format) params.set("format", format);
          const response = await exportOf(params.toString());
          if (response.status === 200) {
            const text = await response.text();
            expect(format === "csv" ? readCsvExport(text) : readNdjsonExport(text)).toBeInstanceOf(Array);
          } else {
            expect(response.status).toBe(400);
            expect(apiErrorBodySchema.safeParse(await response.json()).success).toBe(true);
          }
        },
      ),
      { seed: 20261128, numRuns: 60 },
    );
  });
});
