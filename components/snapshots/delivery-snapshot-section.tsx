"use client";

import { CircleAlert, Clock, Info, LoaderCircle, RefreshCw } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { DetailSection } from "@/components/ui/detail-section";
import { useDeliverySnapshot, useRefreshDelivery } from "@/lib/query/use-snapshots";
import type { AutomaticFetch, DeliverySnapshot, RefreshResult } from "@/lib/snapshots/schemas";
import { FieldChanges } from "./field-changes";
import { explainRefreshError } from "./refresh-error";
import { SnapshotView } from "./snapshot-view";

/** How often the section looks again while the automatic fetch is still owed. */
const PENDING_POLL_MS = 2_000;

function Note({ tone, children }: { tone: "info" | "wait" | "error"; children: ReactNode }) {
  const Icon = tone === "info" ? Info : tone === "wait" ? Clock : CircleAlert;
  return (
    <p
      role="status"
      className={
        tone === "error"
          ? "flex gap-2 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-600/20 ring-inset"
          : "flex gap-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-slate-200 ring-inset"
      }
    >
      <Icon aria-hidden className="size-5 shrink-0" />
      <span>{children}</span>
    </p>
  );
}

function AutomaticSnapshot({ automatic }: { automatic: AutomaticFetch }) {
  switch (automatic.kind) {
    case "off":
    case "none":
    case "skipped":
      return <Note tone="info">{automatic.message}</Note>;
    case "pending":
    case "running":
      return (
        <Note tone="wait">
          {automatic.kind === "running" ? "Fetching now…" : "Fetch queued."}
          {automatic.attempts > 0 && ` Tried ${automatic.attempts} time${automatic.attempts === 1 ? "" : "s"} so far.`}
          {automatic.message && ` Last time: ${automatic.message}.`}
        </Note>
      );
    case "done":
    case "failed":
      return (
        <div className="space-y-2">
          {automatic.sharedWith > 0 && (
            <p className="text-xs text-slate-500">
              One fetch answered this delivery and {automatic.sharedWith} other{automatic.sharedWith === 1 ? "" : "s"}{" "}
              that arrived with it for the same object.
            </p>
          )}
          {automatic.snapshot ? (
            <SnapshotView snapshot={automatic.snapshot} />
          ) : (
            <Note tone="error">{automatic.message}</Note>
          )}
        </div>
      );
  }
}

function RefreshOutcome({ result }: { result: RefreshResult }) {
  const count = result.changes.length;
  return (
    <section
      aria-label="Refresh result"
      className="space-y-3 rounded-lg bg-indigo-50/50 p-4 ring-1 ring-indigo-200 ring-inset"
    >
      <h3 className="text-sm font-semibold text-slate-900">
        {result.previous
          ? count === 0
            ? `Unchanged since snapshot #${result.previous.id}`
            : `${count} field${count === 1 ? "" : "s"} changed since snapshot #${result.previous.id}`
          : "First snapshot of this object"}
      </h3>
      {result.previous && <FieldChanges changes={result.changes} empty="Every field is as it was." />}
      <SnapshotView snapshot={result.snapshot} />
    </section>
  );
}

/**
 * The delivery page's view of the object the delivery points to: the snapshot fetched for it (or
 * why there is none), and Refresh, which fetches the object now and shows what changed.
 */
export function DeliverySnapshotSection({ initial }: { initial: DeliverySnapshot }) {
  const { data } = useDeliverySnapshot(initial, { pendingPollMs: PENDING_POLL_MS });
  const refresh = useRefreshDelivery(initial.deliveryId, data.resource);

  const { resource } = data;
  return (
    <DetailSection
      id="snapshot"
      title="Snapshot of the resource"
      description={
        resource ? (
          <>
            What Accelo said about{" "}
            <Link
              href={`/resources/${resource.type}/${resource.id}`}
              className="font-mono text-indigo-700 underline underline-offset-2"
            >
              {resource.type}/{resource.id}
            </Link>{" "}
            (its timeline and diffs)
          </>
        ) : (
          "This delivery names no resource"
        )
      }
      actions={
        data.refresh.kind === "allowed" && (
          <button
            type="button"
            onClick={() => refresh.mutate()}
            disabled={refresh.isPending}
            className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:cursor-wait disabled:opacity-70"
          >
            {refresh.isPending ? (
              <LoaderCircle aria-hidden className="size-4 animate-spin" />
            ) : (
              <RefreshCw aria-hidden className="size-4" />
            )}
            {refresh.isPending ? "Fetching…" : "Refresh"}
          </button>
        )
      }
    >
      <div className="space-y-4">
        <div aria-live="polite" className="space-y-4">
          {refresh.isError && <Note tone="error">Refresh failed: {explainRefreshError(refresh.error)}</Note>}
          {refresh.isSuccess && <RefreshOutcome result={refresh.data} />}
        </div>
        {data.refresh.kind === "unavailable" && data.automatic.kind !== "off" && data.automatic.kind !== "skipped" && (
          <Note tone="info">Refresh is not available: {data.refresh.message}</Note>
        )}
        {!refresh.isSuccess && data.latest && (
          <p className="text-xs text-slate-500">
            A newer snapshot (#{data.latest.id}) exists: see the{" "}
            {resource && (
              <Link
                href={`/resources/${resource.type}/${resource.id}`}
                className="text-indigo-700 underline underline-offset-2"
              >
                timeline
              </Link>
            )}
            .
          </p>
        )}
        <div>
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Taken for this delivery</h3>
          <AutomaticSnapshot automatic={data.automatic} />
        </div>
      </div>
    </DetailSection>
  );
}
