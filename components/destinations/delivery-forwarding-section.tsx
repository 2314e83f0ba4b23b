"use client";

import clsx from "clsx";
import Link from "next/link";
import { DetailSection } from "@/components/ui/detail-section";
import { SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { exactTime } from "@/components/ui/received-at";
import type { DeliveryForwarding } from "@/lib/forwarding/schemas";
import { useDeliveryForwarding, useReplayDelivery } from "@/lib/query/use-destinations";

const STATUS_WORDS: Record<string, string> = {
  pending: "Waiting to be sent",
  running: "Sending",
  done: "Delivered",
  failed: "Gave up",
};

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{exactTime(iso)}</time>;
}

function DestinationAttempts({
  deliveryId,
  destination,
}: {
  deliveryId: number;
  destination: DeliveryForwarding["destinations"][number];
}) {
  const replay = useReplayDelivery(deliveryId);
  return (
    <li className="py-3" data-forwarding-destination={destination.destinationId}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <span className="font-medium text-slate-900">{destination.name}</span>{" "}
          <span className="font-mono text-xs break-all text-slate-500">{destination.displayUrl}</span>
          <div
            data-testid="forwarding-status"
            className={clsx(
              "text-xs",
              destination.status === "failed"
                ? "text-red-700"
                : destination.status === "done"
                  ? "text-emerald-700"
                  : "text-slate-600",
            )}
          >
            {destination.status === null ? "Not forwarded there" : STATUS_WORDS[destination.status]}
          </div>
        </div>
        <button
          type="button"
          disabled={replay.isPending}
          onClick={() => replay.mutate(destination.destinationId)}
          className={SECONDARY_BUTTON}
        >
          Send again
        </button>
      </div>
      {replay.isError && (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {replay.error.message}
        </p>
      )}
      {destination.attempts.length > 0 && (
        <table className="mt-2 w-full text-left text-xs" aria-label={`Attempts to ${destination.name}`}>
          <thead className="text-slate-500">
            <tr>
              <th className="pr-3 font-medium">Time</th>
              <th className="pr-3 font-medium">Answer</th>
              <th className="pr-3 font-medium">Duration</th>
              <th className="font-medium">Next try</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {destination.attempts.map((attempt) => (
              <tr key={attempt.id} className="align-top">
                <td className="py-1 pr-3 whitespace-nowrap">
                  <When iso={attempt.startedAt} />
                </td>
                <td className="py-1 pr-3">
                  <span
                    className={clsx(
                      "font-medium",
                      attempt.httpStatus !== null && attempt.httpStatus < 300 ? "text-emerald-700" : "text-red-700",
                    )}
                  >
                    {attempt.httpStatus ?? attempt.error}
                  </span>
                  {attempt.response && (
                    <pre className="mt-1 max-h-24 overflow-auto rounded bg-slate-50 p-1 font-mono whitespace-pre-wrap break-all text-slate-700">
                      {attempt.response}
                    </pre>
                  )}
                </td>
                <td className="py-1 pr-3 tabular-nums">{attempt.durationMs} ms</td>
                <td className="py-1">{attempt.nextRetryAt ? <When iso={attempt.nextRetryAt} /> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

/** Where this delivery was forwarded, every attempt, and a button to send it to a destination again. */
export function DeliveryForwardingSection({ deliveryId }: { deliveryId: number }) {
  const forwarding = useDeliveryForwarding(deliveryId);
  const destinations = forwarding.data?.destinations ?? [];
  return (
    <DetailSection
      id="forwarding"
      title="Forwarding"
      description="What each destination answered when this delivery was sent on."
    >
      {forwarding.isError && (
        <p role="alert" className="text-sm text-red-700">
          {forwarding.error.message}
        </p>
      )}
      {forwarding.isSuccess && destinations.length === 0 && (
        <p className="text-sm text-slate-500">
          No destination is set:{" "}
          <Link href="/settings/destinations" className="text-indigo-700 hover:underline">
            add one
          </Link>{" "}
          to forward deliveries to your integration.
        </p>
      )}
      <ul className="divide-y divide-slate-100">
        {destinations.map((destination) => (
          <DestinationAttempts key={destination.destinationId} deliveryId={deliveryId} destination={destination} />
        ))}
      </ul>
    </DetailSection>
  );
}
