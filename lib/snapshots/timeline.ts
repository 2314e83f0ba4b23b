import "server-only";
import { findObjectDeliveries } from "../deliveries/queries";
import { DomainError } from "../errors";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { diffSnapshots } from "./diff";
import { findObjectSnapshots, findSnapshotsOfObject } from "./queries";
import type { ResourceKey, ResourceTimeline, SnapshotComparison, SnapshotSummary, TimelineEntry } from "./schemas";
import { toSnapshotSummaryFields, toSnapshotView } from "./store";

/** How many deliveries and snapshots the timeline shows at most, each: the newest ones. */
export const TIMELINE_LIMIT = 200;

/** One object's deliveries and snapshots, newest first. */
export async function getResourceTimeline(resource: ResourceKey): Promise<ResourceTimeline> {
  const { type, id } = resource;
  const [deliveries, snapshots] = await Promise.all([
    findObjectDeliveries({ kind: "resource", resourceType: type, resourceId: id }, { take: TIMELINE_LIMIT + 1 }),
    findObjectSnapshots(resource, TIMELINE_LIMIT + 1),
  ]);
  const truncated = deliveries.length > TIMELINE_LIMIT || snapshots.length > TIMELINE_LIMIT;

  // Oldest first, to tell each snapshot whether its contents equal the last successful one's.
  const summaries: SnapshotSummary[] = [];
  let lastHash: string | null = null;
  for (const row of snapshots.slice(0, TIMELINE_LIMIT).reverse()) {
    const contents =
      row.contentHash === null
        ? "none"
        : lastHash === null
          ? "first"
          : row.contentHash === lastHash
            ? "unchanged"
            : "changed";
    summaries.push({ ...toSnapshotSummaryFields(row), contents });
    if (row.contentHash !== null) lastHash = row.contentHash;
  }

  const entries: TimelineEntry[] = [
    ...deliveries.slice(0, TIMELINE_LIMIT).map(
      (delivery): TimelineEntry => ({
        kind: "delivery",
        at: delivery.receivedAt.toISOString(),
        delivery: {
          id: delivery.id,
          eventId: delivery.eventId,
          // The receiver stores only these four; anything else is shown as the failure it would be.
          signatureVerdict: SIGNATURE_VERDICTS.find((verdict) => verdict === delivery.signatureVerdict) ?? "invalid",
          responseStatus: delivery.responseStatus,
        },
      }),
    ),
    ...summaries.map((snapshot): TimelineEntry => ({ kind: "snapshot", at: snapshot.fetchedAt, snapshot })),
  ];
  entries.sort((a, b) => (a.at === b.at ? (a.kind === "snapshot" ? -1 : 1) : a.at < b.at ? 1 : -1));
  return { type, id, entries, truncated };
}

/** Two snapshots of one object and the field changes from the first to the second. */
export async function compareSnapshots(
  resource: ResourceKey,
  fromId: number,
  toId: number,
): Promise<SnapshotComparison> {
  const rows = await findSnapshotsOfObject(resource, [fromId, toId]);
  const from = rows.find((row) => row.id === fromId);
  const to = rows.find((row) => row.id === toId);
  if (!from || !to) throw new DomainError("not_found", `No such snapshots of ${resource.type}/${resource.id}`);
  const before = toSnapshotView(from);
  const after = toSnapshotView(to);
  return { from: before, to: after, changes: diffSnapshots(before.response, after.response) };
}
