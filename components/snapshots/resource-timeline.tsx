"use client";

import clsx from "clsx";
import { Camera, CircleAlert, Inbox } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { SignatureBadge } from "@/components/deliveries/signature-badge";
import { LiveReceivedAt } from "@/components/ui/live-received-at";
import { explainFetchReason } from "@/lib/accelo/fetch-reasons";
import { useResourceTimeline, useSnapshotComparison } from "@/lib/query/use-snapshots";
import { type SnapshotSummary, snapshotPairSchema, type ResourceTimeline as Timeline } from "@/lib/snapshots/schemas";
import { FieldChanges } from "./field-changes";
import { SnapshotOrigin } from "./snapshot-view";

/** The timeline looks again this often, so automatic fetches appear while the page is open. */
const POLL_MS = 5_000;

type Pair = { from: number; to: number };

const CONTENTS_LABEL: Record<SnapshotSummary["contents"], string> = {
  first: "first snapshot",
  changed: "contents changed",
  unchanged: "unchanged",
  none: "no contents",
};

/** The pair the URL names, else the two newest snapshots with contents: the latest change. */
function chosenPair(search: URLSearchParams, comparable: SnapshotSummary[]): Pair | undefined {
  const fromUrl = snapshotPairSchema.safeParse(Object.fromEntries(search));
  if (fromUrl.success) return fromUrl.data;
  return comparable.length >= 2 ? { from: comparable[1].id, to: comparable[0].id } : undefined;
}

function choose(pair: Pair) {
  window.history.replaceState(null, "", `?from=${pair.from}&to=${pair.to}`);
}

function Comparison({ type, id, pair }: { type: string; id: string; pair: Pair }) {
  const { data, error, isPending } = useSnapshotComparison({ type, id }, pair);
  return (
    <section
      aria-labelledby="diff-heading"
      className="space-y-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="diff-heading" className="text-sm font-semibold text-slate-900">
        Changes from snapshot #{pair.from} to #{pair.to}
      </h2>
      {isPending && <p className="text-sm text-slate-500">Comparing…</p>}
      {error && <p className="text-sm text-red-700">Could not compare: {error.message}</p>}
      {data && <FieldChanges changes={data.changes} empty="No field changed between these two snapshots." />}
    </section>
  );
}

function SnapshotEntry({ snapshot, pair }: { snapshot: SnapshotSummary; pair: Pair | undefined }) {
  const comparable = snapshot.error === null;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <Camera aria-hidden className="size-4 text-indigo-600" />
      <span className="font-medium text-slate-900">Snapshot #{snapshot.id}</span>
      <span className="text-xs text-slate-500">
        <SnapshotOrigin snapshot={snapshot} />
      </span>
      {snapshot.error ? (
        <span className="inline-flex items-center gap-1 text-xs text-amber-800">
          <CircleAlert aria-hidden className="size-3.5" />
          {snapshot.errorMessage ?? explainFetchReason(snapshot.error)}
        </span>
      ) : (
        <span
          className={clsx(
            "rounded px-1.5 py-0.5 text-xs",
            snapshot.contents === "changed" ? "bg-indigo-50 text-indigo-800" : "bg-slate-100 text-slate-600",
          )}
        >
          {CONTENTS_LABEL[snapshot.contents]}
        </span>
      )}
      {comparable && (
        <span className="ml-auto flex gap-3 text-xs text-slate-600">
          <label className="inline-flex items-center gap-1">
            <input
              type="radio"
              name="from"
              aria-label={`Compare from snapshot #${snapshot.id}`}
              checked={pair?.from === snapshot.id}
              onChange={() => choose({ from: snapshot.id, to: pair?.to ?? snapshot.id })}
            />
            from
          </label>
          <label className="inline-flex items-center gap-1">
            <input
              type="radio"
              name="to"
              aria-label={`Compare to snapshot #${snapshot.id}`}
              checked={pair?.to === snapshot.id}
              onChange={() => choose({ from: pair?.from ?? snapshot.id, to: snapshot.id })}
            />
            to
          </label>
        </span>
      )}
    </div>
  );
}

/** One object's deliveries and snapshots, newest first, and the field diff between two snapshots. */
export function ResourceTimeline({ initial }: { initial: Timeline }) {
  const { type, id } = initial;
  const search = useSearchParams();
  const { data } = useResourceTimeline(initial, { pollMs: POLL_MS });
  const comparable = data.entries.flatMap((entry) =>
    entry.kind === "snapshot" && entry.snapshot.error === null ? [entry.snapshot] : [],
  );
  const pair = chosenPair(new URLSearchParams(search.toString()), comparable);

  return (
    <div className="grid items-start gap-6 lg:grid-cols-2">
      <section aria-labelledby="timeline-heading" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="timeline-heading" className="mb-3 text-sm font-semibold text-slate-900">
          Timeline
        </h2>
        {data.entries.length === 0 ? (
          <p className="text-sm text-slate-500">No delivery or snapshot of this object yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm">
            {data.entries.map((entry) => (
              <li
                key={`${entry.kind}-${entry.kind === "delivery" ? entry.delivery.id : entry.snapshot.id}`}
                className="space-y-1 py-3"
              >
                <p className="text-xs text-slate-500">
                  <LiveReceivedAt iso={entry.at} />
                </p>
                {entry.kind === "delivery" ? (
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <Inbox aria-hidden className="size-4 text-slate-500" />
                    <Link
                      href={`/deliveries/${entry.delivery.id}`}
                      className="font-medium text-indigo-700 underline underline-offset-2"
                    >
                      Delivery #{entry.delivery.id}
                    </Link>
                    {entry.delivery.eventId && (
                      <span className="font-mono text-xs text-slate-600">{entry.delivery.eventId}</span>
                    )}
                    <SignatureBadge verdict={entry.delivery.signatureVerdict} />
                  </div>
                ) : (
                  <SnapshotEntry snapshot={entry.snapshot} pair={pair} />
                )}
              </li>
            ))}
          </ol>
        )}
        {data.truncated && <p className="mt-3 text-xs text-slate-500">Only the newest entries are shown.</p>}
      </section>
      {pair ? (
        <Comparison type={type} id={id} pair={pair} />
      ) : (
        <p className="rounded-xl bg-white p-5 text-sm text-slate-500 shadow-sm ring-1 ring-slate-200">
          Two snapshots with contents are needed for a diff: press Refresh on one of this object&apos;s deliveries.
        </p>
      )}
    </div>
  );
}
