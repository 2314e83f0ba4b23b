"use client";

import clsx from "clsx";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DetailSection } from "@/components/ui/detail-section";
import { SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import type { DestinationView } from "@/lib/forwarding/schemas";
import { useDeleteDestination, useDestinations, useUpdateDestination } from "@/lib/query/use-destinations";
import { NewDestinationForm } from "./new-destination-form";

function SuccessRate({ stats }: { stats: DestinationView["stats"] }) {
  if (stats.attempts24h === 0) return <span className="text-slate-500">No attempt in 24 h</span>;
  const rate = Math.round((stats.succeeded24h / stats.attempts24h) * 100);
  return (
    <span className={clsx(rate < 100 && "text-amber-800")}>
      {rate} % of {stats.attempts24h} attempts answered 2xx in 24 h
    </span>
  );
}

function DeleteButton({ destination }: { destination: DestinationView }) {
  const remove = useDeleteDestination();
  return (
    <ConfirmButton
      label="Delete"
      confirmLabel="Delete destination"
      consequence={`Its backlog of ${destination.stats.backlog} goes too.`}
      pending={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => remove.mutate(destination.id)}
    />
  );
}

function DestinationItem({ destination }: { destination: DestinationView }) {
  const update = useUpdateDestination();
  return (
    <li className="grid gap-2 py-3 sm:grid-cols-[1fr_auto]" data-destination-id={destination.id}>
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{destination.name}</span>
          <span
            className={clsx(
              "rounded px-1.5 py-0.5 text-xs ring-1",
              destination.enabled
                ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20"
                : "bg-amber-50 text-amber-900 ring-amber-600/20",
            )}
          >
            {destination.enabled ? "Forwarding" : "Paused"}
          </span>
          {destination.signed && <span className="text-xs text-slate-500">signed</span>}
        </div>
        <div className="font-mono text-xs break-all text-slate-600">{destination.displayUrl}</div>
        <div className="text-xs text-slate-600">
          {destination.events ? destination.events.join(", ") : "Every event"}
          {destination.includeFailedSignatures ? " · failed signatures too" : ""} · timeout{" "}
          {destination.timeoutMs / 1000} s
        </div>
        <div className="text-xs" data-testid="destination-stats">
          <SuccessRate stats={destination.stats} /> · backlog {destination.stats.backlog}
        </div>
        {destination.failingSince && (
          <p className="text-xs text-red-700">
            Failing since{" "}
            <time dateTime={destination.failingSince} title={exactTime(destination.failingSince)}>
              {relativeTo(new Date(destination.failingSince), new Date())}
            </time>
          </p>
        )}
        {destination.pausedReason && (
          <p role="alert" className="text-xs text-amber-900">
            {destination.pausedReason}
          </p>
        )}
      </div>
      <div className="flex items-start gap-2">
        <button
          type="button"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: destination.id, change: { enabled: !destination.enabled } })}
          className={SECONDARY_BUTTON}
        >
          {destination.enabled ? "Pause" : "Resume"}
        </button>
        <DeleteButton destination={destination} />
      </div>
    </li>
  );
}

/** Where deliveries go on to: the team's own integration, behind this monitor. */
export function DestinationsPanel() {
  const destinations = useDestinations();
  return (
    <div className="grid gap-6">
      <DetailSection
        id="new-destination"
        title="New destination"
        description="Each delivery that passes the signature check is POSTed on with its exact bytes and Accelo's headers, retried for 24 hours when it fails."
      >
        <NewDestinationForm />
      </DetailSection>
      <DetailSection id="destinations" title="Destinations">
        {destinations.isError && (
          <p role="alert" className="text-sm text-red-700">
            Could not list the destinations: {destinations.error.message}
          </p>
        )}
        {destinations.data?.destinations.length === 0 && (
          <p className="text-sm text-slate-500">None yet: deliveries are only stored and shown.</p>
        )}
        <ul className="divide-y divide-slate-100" aria-label="Destinations">
          {destinations.data?.destinations.map((destination) => (
            <DestinationItem key={destination.id} destination={destination} />
          ))}
        </ul>
      </DetailSection>
    </div>
  );
}
