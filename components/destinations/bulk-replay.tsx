"use client";

import { Repeat } from "lucide-react";
import { useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { type DeliveryFilters, serializeDeliveryFilters } from "@/lib/deliveries/filters";
import {
  useCancelReplay,
  useDestinations,
  useReplayCount,
  useReplayProgress,
  useStartReplay,
} from "@/lib/query/use-destinations";

function Progress({ id }: { id: number }) {
  const progress = useReplayProgress(id);
  const cancel = useCancelReplay();
  const replay = progress.data?.replay;
  if (!replay) return null;
  const done = replay.sent + replay.failed;
  const share = replay.total === 0 ? 100 : Math.round((done / replay.total) * 100);
  return (
    <div role="status" aria-label="Replay progress" className="grid gap-2 text-sm">
      <div className="h-2 overflow-hidden rounded bg-slate-100" aria-hidden>
        <div className="h-full bg-indigo-500 transition-all" style={{ width: `${share}%` }} />
      </div>
      <p data-testid="replay-progress">
        {replay.state === "cancelled" ? "Cancelled: " : replay.state === "finished" ? "Finished: " : "Sending: "}
        {replay.sent} of {replay.total} sent to {replay.destinationName}
        {replay.failed > 0 ? `, ${replay.failed} failed` : ""}
        {replay.owed > 0 ? `, ${replay.owed} on their way` : ""}
      </p>
      {replay.state === "running" && (
        <button
          type="button"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate(id)}
          className={`${SECONDARY_BUTTON} justify-self-start`}
        >
          Cancel the replay
        </button>
      )}
    </div>
  );
}

/**
 * Sends everything the list's filters match (not just this page) to one destination: a count
 * first, then a paced replay with its progress, which can be cancelled.
 */
export function BulkReplay({ filters }: { filters: DeliveryFilters }) {
  const [open, setOpen] = useState(false);
  const [destinationId, setDestinationId] = useState<number>();
  const [started, setStarted] = useState<number>();
  const destinations = useDestinations();
  const query = Object.fromEntries(new URLSearchParams(serializeDeliveryFilters({ ...filters, cursor: undefined })));
  const count = useReplayCount(query, open ? destinationId : undefined);
  const start = useStartReplay();
  const enabled = destinations.data?.destinations.filter((destination) => destination.enabled) ?? [];

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className={`${SECONDARY_BUTTON} inline-flex items-center gap-1.5`}
      >
        <Repeat aria-hidden className="size-4" />
        Replay matching…
      </button>
    );
  }
  return (
    <section
      aria-label="Replay matching deliveries"
      className="grid gap-3 rounded-xl bg-white p-4 shadow-xs ring-1 ring-slate-200"
    >
      {enabled.length === 0 ? (
        <p className="text-sm text-slate-600">
          No destination is forwarding: add or resume one under Settings → Destinations.
        </p>
      ) : (
        <div className="flex flex-wrap items-end gap-3">
          <label className="grid gap-1 text-sm font-medium text-slate-700">
            Send to
            <select
              className={INPUT}
              value={destinationId ?? ""}
              onChange={(event) => setDestinationId(event.target.value ? Number(event.target.value) : undefined)}
            >
              <option value="">Choose a destination…</option>
              {enabled.map((destination) => (
                <option key={destination.id} value={destination.id}>
                  {destination.name}
                </option>
              ))}
            </select>
          </label>
          {count.data && destinationId !== undefined && (
            <button
              type="button"
              disabled={start.isPending || count.data.count === 0 || started !== undefined}
              onClick={() =>
                start.mutate({ filters: query, destinationId }, { onSuccess: ({ replay }) => setStarted(replay.id) })
              }
              className={PRIMARY_BUTTON}
            >
              Send {count.data.count} {count.data.count === 1 ? "delivery" : "deliveries"}
            </button>
          )}
          <button type="button" onClick={() => setOpen(false)} className="text-sm text-slate-600 hover:underline">
            Close
          </button>
        </div>
      )}
      <p className="text-xs text-slate-500">
        Every delivery the filters above match, not only this page, as they match now; sent a few a second so that new
        deliveries and forwards go first.
      </p>
      {(count.isError || start.isError) && (
        <p role="alert" className="text-sm text-red-700">
          {(count.error ?? start.error)?.message}
        </p>
      )}
      {started !== undefined && <Progress id={started} />}
    </section>
  );
}
