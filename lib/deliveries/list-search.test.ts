import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { deliveryFiltersSchema } from "./filters";
import { listDeliveries, SEARCH_SCAN_WINDOW } from "./list-deliveries";
import { printSearch } from "./search/print";
import type { SearchTerm } from "./search/terms";

// The search box's terms against real rows, on whichever provider the run uses: every generated
// query must find exactly the rows a plain reading of the stored fields finds.

interface Row {
  id: number;
  objectId: string | null;
  resourceUrl: string | null;
  eventId: string | null;
  resourceType: string | null;
  payload: string | null;
  headers: string;
}

const NOW = new Date("2026-03-01T12:00:00.000Z");
const rows: Row[] = [];

const ROW_SPECS: Omit<Row, "id" | "headers" | "payload">[] = [
  {
    objectId: "123",
    resourceUrl: "https://acme.api.accelo.com/api/v0/quotes/123",
    eventId: "create_quote",
    resourceType: "quotes",
  },
  {
    objectId: "1234",
    resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/1234",
    eventId: "assign_task",
    resourceType: "tasks",
  },
  {
    objectId: "77",
    resourceUrl: "https://acme.api.accelo.com/api/v0/Quotes/77",
    eventId: "update_quote",
    resourceType: "quotes",
  },
  { objectId: "9001", resourceUrl: null, eventId: "delete_invoice", resourceType: null },
  { objectId: null, resourceUrl: null, eventId: null, resourceType: null },
  {
    objectId: "50%off",
    resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/50",
    eventId: "assign_task",
    resourceType: "tasks",
  },
];

function payloadOf(spec: (typeof ROW_SPECS)[number], index: number): string | null {
  if (spec.objectId === null) return null;
  if (index === 2)
    return JSON.stringify({ id: 77, resource_url: spec.resourceUrl, note: { text: "Needle in a body" } });
  if (index === 3) return JSON.stringify({ id: spec.objectId, note: "line\u0001break" });
  return JSON.stringify({ id: spec.objectId, resource_url: spec.resourceUrl, flag: index % 2 === 0 });
}

function headersOf(spec: (typeof ROW_SPECS)[number], index: number): string {
  const name = index % 2 === 0 ? "X-Accelo-Event" : "x-accelo-event";
  return JSON.stringify([
    ["host", "monitor.example.com"],
    [name, spec.eventId ?? "none"],
    ...(index === 1 ? [["x-trace", "a b"]] : []),
  ]);
}

beforeAll(async () => {
  await db.delivery.deleteMany();
  for (const [index, spec] of ROW_SPECS.entries()) {
    const payload = payloadOf(spec, index);
    const headers = headersOf(spec, index);
    const created = await db.delivery.create({
      data: {
        ...spec,
        payload,
        headers,
        method: "POST",
        url: "/api/webhooks/accelo",
        rawBody: new TextEncoder().encode("x"),
        bodySize: 1,
        bodyFormat: "json",
        signatureVerdict: "valid",
        responseStatus: 200,
        fingerprint: `fp-${index}`,
        receivedAt: NOW,
      },
      select: { id: true },
    });
    rows.push({ id: created.id, ...spec, payload, headers });
  }
});

// --- A direct reading of the fields, in JavaScript: what each term means. ---

function valueMatches(actual: string | null | undefined, wanted: string): boolean {
  if (actual === null || actual === undefined) return false;
  if (!wanted.includes("*")) return actual === wanted;
  const pattern = wanted
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`, "is").test(actual);
}

function payloadAt(row: Row, path: string[]): string | null {
  if (row.payload === null || row.payload.includes("\\u")) return null;
  let value: unknown = JSON.parse(row.payload);
  for (const key of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return ["string", "number", "boolean"].includes(typeof value) ? String(value) : null;
}

const COLUMN = { id: "objectId", resource_url: "resourceUrl", event: "eventId", type: "resourceType" } as const;

function termHolds(row: Row, term: SearchTerm): boolean {
  switch (term.kind) {
    case "text":
      return [row.objectId, row.resourceUrl, row.payload].some((field) =>
        field?.toLowerCase().includes(term.text.toLowerCase()),
      );
    case "column":
      return valueMatches(row[COLUMN[term.field]], term.value);
    case "header":
      return (JSON.parse(row.headers) as [string, string][]).some(
        ([name, value]) => name.toLowerCase() === term.name && valueMatches(value, term.value),
      );
    case "payload":
      return valueMatches(payloadAt(row, term.path), term.value);
  }
}

function expectedIds(terms: SearchTerm[]): number[] {
  return rows
    .filter((row) => terms.every((term) => termHolds(row, term) !== term.negated))
    .map((row) => row.id)
    .reverse();
}

async function foundIds(q: string): Promise<number[]> {
  const page = await listDeliveries(deliveryFiltersSchema.parse({ q, limit: 200 }), NOW);
  return page.items.map((item) => item.id);
}

// Values drawn from what is stored, cut into wildcard patterns (in either case), and some that
// match nothing.
const stored = [
  "123",
  "77",
  "50%off",
  "quotes",
  "tasks",
  "assign_task",
  "https://acme.api.accelo.com/api/v0/quotes/123",
  "Needle in a body",
  "true",
  "a b",
  "nothing-here",
  "_",
];
const value = fc.oneof(
  fc.constantFrom(...stored),
  fc
    .tuple(fc.constantFrom(...stored), fc.nat(), fc.nat(), fc.boolean(), fc.boolean(), fc.boolean())
    .map(([text, a, b, before, upper, after]) => {
      const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y);
      const part = text.slice(from, to) || text;
      return `${before ? "*" : ""}${upper ? part.toUpperCase() : part}${after || !before ? "*" : ""}`;
    }),
);
const negated = fc.boolean();
const term: fc.Arbitrary<SearchTerm> = fc.oneof(
  fc.record({ kind: fc.constant("text" as const), text: fc.constantFrom(...stored, "QUOTES", "needle", "%"), negated }),
  fc.record({
    kind: fc.constant("column" as const),
    field: fc.constantFrom("id", "resource_url", "event", "type"),
    value,
    negated,
  }),
  fc.record({
    kind: fc.constant("header" as const),
    name: fc.constantFrom("x-accelo-event", "x-trace", "host"),
    value,
    negated,
  }),
  fc.record({
    kind: fc.constant("payload" as const),
    path: fc.constantFrom<string[]>(["id"], ["resource_url"], ["note", "text"], ["note"], ["flag"]),
    value,
    negated,
  }),
);

describe("search terms against stored rows", () => {
  it("finds exactly the rows a direct reading of the fields finds", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(term, { minLength: 1, maxLength: 3 }), async (terms) => {
        const q = printSearch(terms);
        fc.pre(q.length <= 200);
        expect(await foundIds(q)).toEqual(expectedIds(terms));
      }),
      { seed: 20261128, numRuns: 150 },
    );
  });

  it("reads the examples the search box's help gives", async () => {
    const [quote, task, , , , off] = rows;
    expect(await foundIds("id:123")).toEqual([quote.id]);
    expect(await foundIds("resource_url:*quotes*")).toEqual([rows[2].id, quote.id]);
    expect(await foundIds("header.x-accelo-event:assign_task")).toEqual([off.id, task.id]);
    expect(await foundIds("payload.note.text:*needle*")).toEqual([rows[2].id]);
    expect(await foundIds("payload.id:77")).toEqual([rows[2].id]);
    expect(await foundIds('header.x-trace:"a b"')).toEqual([task.id]);
    expect(await foundIds("tasks -id:1234")).toEqual([off.id]);
  });

  it("finds a match however far back it lies, in one request, once the term is long enough for the index", async () => {
    const old = rows[0];
    const recent = await db.delivery.create({
      data: {
        id: old.id + SEARCH_SCAN_WINDOW * 2,
        objectId: "555",
        headers: "[]",
        method: "POST",
        url: "/",
        rawBody: new Uint8Array(),
        bodySize: 0,
        bodyFormat: "empty",
        signatureVerdict: "valid",
        responseStatus: 200,
        fingerprint: "fp-far",
        receivedAt: NOW,
      },
    });
    try {
      const page = await listDeliveries(deliveryFiltersSchema.parse({ q: "quotes/123" }), NOW);
      expect(page.items.map((item) => item.id)).toEqual([old.id]);
      expect(page.searchLimited).toBe(false);
      expect(page.nextCursor).toBeNull();
    } finally {
      await db.delivery.delete({ where: { id: recent.id } });
    }
  });
});
