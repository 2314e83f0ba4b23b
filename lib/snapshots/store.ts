import "server-only";
import { createHash } from "node:crypto";
import type { ResourceTarget } from "../accelo/resource-url";
import { insertSnapshot, type Snapshot } from "./queries";
import type { SnapshotView } from "./schemas";

/** JSON with object keys sorted, so that equal contents give equal text whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function contentHash(response: unknown): string {
  return createHash("sha256").update(canonicalJson(response)).digest("hex");
}

export interface NewSnapshot {
  target: ResourceTarget;
  trigger: "delivery" | "manual";
  deliveryId: number | null;
  fetchedAt: Date;
  durationMs: number;
  httpStatus?: number;
  meta?: unknown;
  response?: Record<string, unknown>;
  error?: { code: string; message: string };
}

export async function storeSnapshot(snapshot: NewSnapshot): Promise<SnapshotView> {
  const row = await insertSnapshot({
    resourceUrl: snapshot.target.url,
    resourceType: snapshot.target.type,
    resourceId: snapshot.target.id,
    fetchedAt: snapshot.fetchedAt,
    trigger: snapshot.trigger,
    deliveryId: snapshot.deliveryId,
    durationMs: snapshot.durationMs,
    httpStatus: snapshot.httpStatus ?? null,
    meta: snapshot.meta === undefined ? null : JSON.stringify(snapshot.meta),
    response: snapshot.response === undefined ? null : JSON.stringify(snapshot.response),
    contentHash: snapshot.response === undefined ? null : contentHash(snapshot.response),
    error: snapshot.error?.code ?? null,
    errorMessage: snapshot.error?.message ?? null,
  });
  return toSnapshotView(row);
}

function parseStored(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A snapshot's fields but its contents, for lists that do not show them. */
export function toSnapshotSummaryFields(
  row: Omit<Snapshot, "meta" | "response">,
): Omit<SnapshotView, "meta" | "response"> {
  return {
    id: row.id,
    resourceUrl: row.resourceUrl,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    fetchedAt: row.fetchedAt.toISOString(),
    trigger: row.trigger === "manual" ? "manual" : "delivery",
    deliveryId: row.deliveryId,
    httpStatus: row.httpStatus,
    durationMs: row.durationMs,
    contentHash: row.contentHash,
    error: row.error,
    errorMessage: row.errorMessage,
  };
}

export function toSnapshotView(row: Snapshot): SnapshotView {
  const response = parseStored(row.response);
  return {
    ...toSnapshotSummaryFields(row),
    meta: parseStored(row.meta),
    response:
      response && typeof response === "object" && !Array.isArray(response)
        ? (response as Record<string, unknown>)
        : null,
  };
}
