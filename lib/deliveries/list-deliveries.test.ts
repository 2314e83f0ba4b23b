import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db/client";
import type { Prisma } from "../db/prisma";
import { decodeDeliveryCursor, encodeDeliveryCursor } from "./cursor";
import { deliveryFiltersSchema } from "./filters";
import { countRecentFailures, listDeliveries, SEARCH_SCAN_WINDOW } from "./list-deliveries";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

type Seed = Partial<Prisma.DeliveryUncheckedCreateInput>;

/** Stores deliveries one after another, so ids grow with receivedAt as the receiver's do. */
async function seed(...rows: Seed[]): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const objectId = row.objectId ?? String(1000 + ids.length);
    const type = row.resourceType ?? "tasks";
    const resourceUrl =
      row.resourceUrl === undefined ? `https://acme.api.accelo.com/api/v0/${type}/${objectId}` : row.resourceUrl;
    const body = `id=${objectId}&resource_url=${encodeURIComponent(resourceUrl ?? "")}`;
    const created = await db.delivery.create({
      data: {
        method: "POST",
        url: "/api/webhooks/accelo",
        headers: "[]",
        rawBody: new TextEncoder().encode(body),
        bodySize: body.length,
        bodyFormat: "form",
        payload: JSON.stringify({ id: objectId, resource_url: resourceUrl }),
        eventId: "assign_task",
        objectId,
        resourceType: type,
        resourceId: objectId,
        resourceUrl,
        signatureVerdict: "valid",
        responseStatus: 200,
        fingerprint: `fp-${Math.random()}`,
        receivedAt: minutesAgo(10),
        ...row,
      },
      select: { id: true },
    });
    ids.push(created.id);
  }
  return ids;
}

const filters = (query: Record<string, string | number>) => deliveryFiltersSchema.parse(query);
const ids = (page: { items: { id: number }[] }) => page.items.map((item) => item.id);

describe("listDeliveries", () => {
  beforeEach(async () => {
    await db.delivery.deleteMany();
  });

  it("lists newest first with only the list's columns, never the body bytes", async () => {
    const seeded = await seed({}, {}, {});
    const page = await listDeliveries(filters({}), NOW);
    expect(ids(page)).toEqual([...seeded].reverse());
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
    expect(Object.keys(page.items[0]).sort()).toEqual(
      [
        "bodyFormat",
        "bodySize",
        "compacted",
        "duplicateOfId",
        "eventId",
        "id",
        "objectId",
        "oversized",
        "parseError",
        "receivedAt",
        "resourceId",
        "resourceType",
        "resourceUrl",
        "responseStatus",
        "signatureReason",
        "signatureVerdict",
        "storeError",
        "truncatedFields",
      ].sort(),
    );
    expect(page.items[0].receivedAt).toBe(minutesAgo(10).toISOString());
  });

  it("returns at most `limit` rows, 50 by default", async () => {
    await seed(...Array.from({ length: 55 }, () => ({})));
    expect((await listDeliveries(filters({}), NOW)).items).toHaveLength(50);
    expect((await listDeliveries(filters({ limit: 1 }), NOW)).items).toHaveLength(1);
    expect((await listDeliveries(filters({ limit: 200 }), NOW)).items).toHaveLength(55);
  });

  it("pages older and back newer through cursors without gaps or repeats", async () => {
    const seeded = await seed(...Array.from({ length: 23 }, () => ({})));
    const newestFirst = [...seeded].reverse();

    const pages: number[][] = [];
    let page = await listDeliveries(filters({ limit: 5 }), NOW);
    pages.push(ids(page));
    while (page.nextCursor) {
      page = await listDeliveries(filters({ limit: 5, cursor: page.nextCursor }), NOW);
      pages.push(ids(page));
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.flat()).toEqual(newestFirst);

    // Back up from the last page: each "newer" page is the one seen before it.
    const backwards: number[][] = [];
    while (page.prevCursor) {
      page = await listDeliveries(filters({ limit: 5, cursor: page.prevCursor }), NOW);
      backwards.push(ids(page));
    }
    expect(backwards).toEqual(pages.slice(0, -1).reverse());
    expect(page.prevCursor).toBeNull();
  });

  it("lands on the newest page when fewer than a page of newer deliveries remain", async () => {
    const seeded = await seed(...Array.from({ length: 8 }, () => ({})));
    const cursor = encodeDeliveryCursor({ direction: "newer", id: seeded[4] });
    const page = await listDeliveries(filters({ limit: 5, cursor }), NOW);
    expect(ids(page)).toEqual([...seeded].reverse().slice(0, 5));
    expect(page.prevCursor).toBeNull();
  });

  it("keeps paging stable while new deliveries arrive on top", async () => {
    const seeded = await seed(...Array.from({ length: 10 }, () => ({})));
    const first = await listDeliveries(filters({ limit: 4 }), NOW);
    await seed({}, {});
    const second = await listDeliveries(filters({ limit: 4, cursor: first.nextCursor! }), NOW);
    expect(ids(second)).toEqual([...seeded].reverse().slice(4, 8));
  });

  it("filters by event id", async () => {
    const [created] = await seed({ eventId: "create_task" }, { eventId: "assign_task" });
    expect(ids(await listDeliveries(filters({ event: "create_task" }), NOW))).toEqual([created]);
  });

  it("filters by one or several signature verdicts", async () => {
    const [valid, invalid, missing, unverified] = await seed(
      { signatureVerdict: "valid" },
      { signatureVerdict: "invalid", signatureReason: "no_secret_matches", responseStatus: 401 },
      { signatureVerdict: "missing", responseStatus: 401 },
      { signatureVerdict: "unverified" },
    );
    expect(ids(await listDeliveries(filters({ verdict: "valid" }), NOW))).toEqual([valid]);
    expect(ids(await listDeliveries(filters({ verdict: "unverified" }), NOW))).toEqual([unverified]);
    expect(ids(await listDeliveries(filters({ verdict: "invalid,missing" }), NOW))).toEqual([missing, invalid]);
    expect(ids(await listDeliveries(filters({ verdict: "valid,invalid,missing,unverified" }), NOW))).toHaveLength(4);
  });

  it("filters by resource type", async () => {
    const [, issue] = await seed({ resourceType: "tasks" }, { resourceType: "issues" });
    expect(ids(await listDeliveries(filters({ type: "issues" }), NOW))).toEqual([issue]);
  });

  it("filters by a preset time range ending now", async () => {
    const [, hourOld, recent] = await seed(
      { receivedAt: minutesAgo(3 * 24 * 60) },
      { receivedAt: minutesAgo(90) },
      { receivedAt: minutesAgo(5) },
    );
    expect(ids(await listDeliveries(filters({ range: "1h" }), NOW))).toEqual([recent]);
    expect(ids(await listDeliveries(filters({ range: "24h" }), NOW))).toEqual([recent, hourOld]);
    expect(ids(await listDeliveries(filters({ range: "7d" }), NOW))).toHaveLength(3);
  });

  it("filters by an explicit from/to window, from inclusive and to exclusive", async () => {
    const [, atFrom, inside] = await seed(
      { receivedAt: new Date("2026-02-01T08:59:59.999Z") },
      { receivedAt: new Date("2026-02-01T09:00:00.000Z") },
      { receivedAt: new Date("2026-02-01T10:00:00.000Z") },
      { receivedAt: new Date("2026-02-01T11:00:00.000Z") },
    );
    const window = { from: "2026-02-01T09:00:00Z", to: "2026-02-01T11:00:00Z" };
    expect(ids(await listDeliveries(filters(window), NOW))).toEqual([inside, atFrom]);
    expect(ids(await listDeliveries(filters({ from: "2026-02-01T10:30:00Z" }), NOW))).toHaveLength(1);
    expect(ids(await listDeliveries(filters({ to: "2026-02-01T09:00:00Z" }), NOW))).toHaveLength(1);
    expect(ids(await listDeliveries(filters({ from: "2026-02-02T00:00:00Z" }), NOW))).toEqual([]);
    expect(
      ids(await listDeliveries(filters({ from: "2026-02-01T09:10:00Z", to: "2026-02-01T09:20:00Z" }), NOW)),
    ).toEqual([]);
  });

  it("searches object ids, resource URLs and bodies, ignoring case", async () => {
    const [byObject, byUrl, byBody] = await seed(
      { objectId: "778899" },
      { resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/5?marker=NeedleInUrl" },
      { objectId: "5", payload: JSON.stringify({ id: "5", note: "body-only-needle" }) },
      {},
    );
    expect(ids(await listDeliveries(filters({ q: "778899" }), NOW))).toEqual([byObject]);
    expect(ids(await listDeliveries(filters({ q: "needleinurl" }), NOW))).toEqual([byUrl]);
    expect(ids(await listDeliveries(filters({ q: "BODY-ONLY-NEEDLE" }), NOW))).toEqual([byBody]);
    expect(ids(await listDeliveries(filters({ q: "nothing-like-this" }), NOW))).toEqual([]);
  });

  it("searches for LIKE's wildcards as plain characters", async () => {
    const [withPercent] = await seed({ objectId: "50%off" }, { objectId: "50xoff" }, { objectId: "5_" });
    expect(ids(await listDeliveries(filters({ q: "50%off" }), NOW))).toEqual([withPercent]);
    expect(ids(await listDeliveries(filters({ q: "%" }), NOW))).toEqual([withPercent]);
  });

  it("combines filters", async () => {
    const [, match] = await seed(
      { eventId: "create_task", signatureVerdict: "invalid", resourceType: "tasks", objectId: "11" },
      { eventId: "create_task", signatureVerdict: "invalid", resourceType: "issues", objectId: "12" },
      { eventId: "create_task", signatureVerdict: "valid", resourceType: "issues", objectId: "13" },
      { eventId: "update_issue", signatureVerdict: "invalid", resourceType: "issues", objectId: "14" },
    );
    const page = await listDeliveries(
      filters({ event: "create_task", verdict: "invalid", type: "issues", range: "1h", q: "12" }),
      NOW,
    );
    expect(ids(page)).toEqual([match]);
  });

  it("pages through a filtered list without gaps or repeats", async () => {
    const seeded = await seed(
      ...Array.from({ length: 30 }, (_, i): Seed => ({ signatureVerdict: i % 3 === 0 ? "invalid" : "valid" })),
    );
    const invalid = seeded.filter((_, i) => i % 3 === 0).reverse();
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDeliveries(filters({ verdict: "invalid", limit: 3, ...(cursor && { cursor }) }), NOW);
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(invalid);
  });

  it("bounds a text search's scan where no index serves it, and resumes it from the next cursor", async () => {
    // Ids far apart stand in for a long history without storing it. Two characters are too few
    // for PostgreSQL's trigram index, so both databases scan here.
    const [oldMatch] = await seed({ id: 10, objectId: "zq-1" });
    await seed(...Array.from({ length: 3 }, (_, i): Seed => ({ id: SEARCH_SCAN_WINDOW * 2 + i })));

    const first = await listDeliveries(filters({ q: "zq" }), NOW);
    expect(first.items).toEqual([]);
    expect(first.searchLimited).toBe(true);
    expect(first.nextCursor).not.toBeNull();

    let page = first;
    const found: number[] = [];
    for (let request = 0; request < 5 && page.nextCursor; request++) {
      page = await listDeliveries(filters({ q: "zq", cursor: page.nextCursor }), NOW);
      found.push(...ids(page));
    }
    expect(found).toEqual([oldMatch]);
    expect(page.nextCursor).toBeNull();
    expect(page.searchLimited).toBe(false);
  });

  it("searches the whole history in one request through the text index (trigrams on PostgreSQL, FTS5 on SQLite)", async () => {
    {
      const [oldMatch] = await seed({ id: 10, objectId: "needle-1" });
      await seed(...Array.from({ length: 3 }, (_, i): Seed => ({ id: SEARCH_SCAN_WINDOW * 2 + i })));
      const page = await listDeliveries(filters({ q: "NEEDLE" }), NOW);
      expect(ids(page)).toEqual([oldMatch]);
      expect(page.searchLimited).toBe(false);
      expect(page.nextCursor).toBeNull();
    }
  });

  it("filters by a snapshot fetch that failed", async () => {
    const [failed, done] = await seed({}, {});
    for (const [deliveryId, status] of [
      [failed, "failed"],
      [done, "done"],
    ] as const) {
      await db.fetchJob.create({
        data: { deliveryId, status, resourceUrl: "u", resourceType: "tasks", resourceId: "1", trigger: "delivery" },
      });
    }
    expect(ids(await listDeliveries(filters({ fetch: "failed" }), NOW))).toEqual([failed]);
  });

  it("answers an empty page for a cursor past the oldest delivery", async () => {
    const [oldest] = await seed({}, {});
    const page = await listDeliveries(
      filters({ cursor: encodeDeliveryCursor({ direction: "older", id: oldest }) }),
      NOW,
    );
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBeNull();
    expect(decodeDeliveryCursor(page.prevCursor!)).toEqual({ direction: "newer", id: oldest - 1 });
  });
});

describe("countRecentFailures", () => {
  beforeEach(async () => {
    await db.delivery.deleteMany();
  });

  it("counts invalid and missing signatures since the given time", async () => {
    await seed(
      { receivedAt: minutesAgo(25 * 60), signatureVerdict: "invalid" },
      { receivedAt: minutesAgo(60), signatureVerdict: "invalid" },
      { receivedAt: minutesAgo(30), signatureVerdict: "missing", compacted: true },
      { receivedAt: minutesAgo(20), signatureVerdict: "valid" },
      { receivedAt: minutesAgo(10), signatureVerdict: "unverified" },
    );
    const since = minutesAgo(24 * 60);
    expect(await countRecentFailures(since)).toEqual({ since: since.toISOString(), count: 2, compacted: 1 });
    expect((await countRecentFailures(minutesAgo(5))).count).toBe(0);
  });
});
