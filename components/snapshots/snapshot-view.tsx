"use client";

import { CircleAlert } from "lucide-react";
import Link from "next/link";
import { JsonTree } from "@/components/payload/json-tree";
import { LiveReceivedAt } from "@/components/ui/live-received-at";
import { explainFetchReason } from "@/lib/accelo/fetch-reasons";
import type { SnapshotView as Snapshot } from "@/lib/snapshots/schemas";

/** How a snapshot came about, in words: "automatic, after delivery #12" or "manual refresh". */
export function SnapshotOrigin({ snapshot }: { snapshot: Pick<Snapshot, "trigger" | "deliveryId"> }) {
  if (snapshot.trigger === "manual") return <span>manual refresh</span>;
  return snapshot.deliveryId ? (
    <span>
      automatic, after{" "}
      <Link href={`/deliveries/${snapshot.deliveryId}`} className="text-indigo-700 underline underline-offset-2">
        delivery #{snapshot.deliveryId}
      </Link>
    </span>
  ) : (
    <span>automatic</span>
  );
}

/** One snapshot: when and why it was taken, what Accelo answered, and the object as it was. */
export function SnapshotView({ snapshot }: { snapshot: Snapshot }) {
  return (
    <div data-snapshot-id={snapshot.id} className="space-y-3">
      <p className="flex flex-wrap gap-x-2 text-xs text-slate-500">
        <span className="font-medium text-slate-700">Snapshot #{snapshot.id}</span>
        <span>
          fetched <LiveReceivedAt iso={snapshot.fetchedAt} />
        </span>
        <span>·</span>
        <SnapshotOrigin snapshot={snapshot} />
        {snapshot.httpStatus !== null && (
          <>
            <span>·</span>
            <span>HTTP {snapshot.httpStatus}</span>
          </>
        )}
        <span>·</span>
        <span>{snapshot.durationMs} ms</span>
      </p>
      {snapshot.error ? (
        <p
          role="status"
          className="flex gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-600/30 ring-inset"
        >
          <CircleAlert aria-hidden className="size-5 shrink-0 text-amber-600" />
          <span>{snapshot.errorMessage ?? explainFetchReason(snapshot.error)}</span>
        </p>
      ) : (
        snapshot.response && <JsonTree json={JSON.stringify(snapshot.response)} />
      )}
    </div>
  );
}
