"use client";

import clsx from "clsx";
import Link from "next/link";
import { DetailSection } from "@/components/ui/detail-section";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import { useSubscriptions } from "@/lib/query/use-subscriptions";
import type { SubscriptionView } from "@/lib/subscriptions/schemas";
import { CreateSubscriptionForm } from "./create-subscription-form";
import { DeleteSubscriptionButton } from "./delete-subscription-button";
import { SendTest } from "./send-test";

const DAY_MS = 86_400_000;

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTo(new Date(iso), new Date())}
    </time>
  );
}

/** The last delivery, or how long nothing has come: a quiet subscription must not pass for a quiet day. */
function LastDelivery({ subscription }: { subscription: SubscriptionView }) {
  const { lastDeliveryAt, lastDeliveryId, createdAt } = subscription;
  const silent = !lastDeliveryAt || Date.now() - Date.parse(lastDeliveryAt) > DAY_MS;
  if (!lastDeliveryAt || lastDeliveryId === null) {
    return (
      <span className="text-slate-500">
        Nothing yet
        {createdAt ? (
          <>
            {" "}
            · silent since <When iso={createdAt} />
          </>
        ) : null}
      </span>
    );
  }
  return (
    <span className={clsx(silent && "font-medium text-amber-800")}>
      {silent ? "Silent since " : ""}
      <Link href={`/deliveries/${lastDeliveryId}`} className="text-indigo-700 hover:underline">
        <When iso={lastDeliveryAt} />
      </Link>
    </span>
  );
}

function DayCounts({ subscription }: { subscription: SubscriptionView }) {
  const { valid, invalid, missing, unverified } = subscription.last24h;
  const failed = invalid + missing;
  return (
    <span className="tabular-nums" data-testid="day-counts">
      {valid} valid
      {failed > 0 && <span className="text-red-700"> · {failed} failed</span>}
      {unverified > 0 && <span className="text-slate-500"> · {unverified} unverified</span>}
    </span>
  );
}

function SubscriptionRow({ subscription }: { subscription: SubscriptionView }) {
  return (
    <tr className="align-top" data-subscription-id={subscription.id}>
      <td className="py-3 pr-4">
        <div className="font-medium text-slate-900">{subscription.eventTitle ?? subscription.eventId}</div>
        <div className="font-mono text-xs text-slate-500">{subscription.eventId}</div>
        <div className="font-mono text-xs text-slate-400">{subscription.id}</div>
      </td>
      <td className="py-3 pr-4 text-slate-700">{subscription.contentType ?? "—"}</td>
      <td className="max-w-xs py-3 pr-4">
        <div className="break-all font-mono text-xs text-slate-700">{subscription.triggerUrl}</div>
        <div className="mt-1 flex flex-wrap gap-1 text-xs">
          <span
            className={clsx(
              "rounded px-1.5 py-0.5 ring-1",
              subscription.targetsThisApp
                ? "bg-indigo-50 text-indigo-800 ring-indigo-600/20"
                : "bg-slate-50 text-slate-600 ring-slate-300",
            )}
          >
            {subscription.targetsThisApp ? "This app" : "Elsewhere"}
          </span>
          {subscription.madeHere && (
            <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800 ring-1 ring-emerald-600/20">
              Made here
            </span>
          )}
          {subscription.secretOutOfStep && (
            <span className="rounded bg-red-50 px-1.5 py-0.5 font-medium text-red-800 ring-1 ring-red-600/20">
              Secret out of step
            </span>
          )}
        </div>
      </td>
      <td className="py-3 pr-4">
        <LastDelivery subscription={subscription} />
        <div className="text-xs text-slate-600">
          24 h: <DayCounts subscription={subscription} />
        </div>
        {subscription.madeHere && (
          <Link
            href={`/deliveries?subscription=${subscription.id}`}
            className="text-xs text-indigo-700 hover:underline"
          >
            Its deliveries
          </Link>
        )}
      </td>
      <td className="py-3">
        <div className="flex flex-col items-start gap-2">
          <SendTest subscription={subscription} />
          <DeleteSubscriptionButton subscription={subscription} />
        </div>
      </td>
    </tr>
  );
}

/** Accelo's subscriptions for this deployment, made here or elsewhere, and the events none covers. */
export function SubscriptionsPanel() {
  const query = useSubscriptions();
  if (query.isPending) return <p className="text-sm text-slate-500">Asking Accelo for its subscriptions…</p>;
  if (query.isError) {
    return (
      <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-600/20">
        Could not list the subscriptions: {query.error.message}
      </p>
    );
  }
  const page = query.data;
  const uncovered = page.eventTypes.filter((type) => !type.subscribed);
  return (
    <div className="grid gap-6">
      <DetailSection
        id="new-subscription"
        title="New subscription"
        description="Accelo sends a delivery to this app each time the event happens."
      >
        <CreateSubscriptionForm page={page} />
      </DetailSection>
      <DetailSection
        id="subscriptions"
        title="Subscriptions"
        description={`${page.subscriptions.length} in this Accelo deployment; counts are of the last 24 hours.`}
      >
        {page.subscriptions.length === 0 ? (
          <p className="text-sm text-slate-500">No subscription yet: create one above.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="pb-2 pr-4 font-medium">Event</th>
                  <th className="pb-2 pr-4 font-medium">Content type</th>
                  <th className="pb-2 pr-4 font-medium">Target</th>
                  <th className="pb-2 pr-4 font-medium">Deliveries</th>
                  <th className="pb-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.subscriptions.map((subscription) => (
                  <SubscriptionRow key={subscription.id} subscription={subscription} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DetailSection>
      <DetailSection id="event-coverage" title="Events" description="Which of Accelo's events send to this app.">
        <ul className="grid gap-1 text-sm sm:grid-cols-2" aria-label="Event coverage">
          {page.eventTypes.map((type) => (
            <li key={type.eventId} className="flex items-center gap-2" data-event-id={type.eventId}>
              <span
                aria-hidden
                className={clsx("size-2 rounded-full", type.subscribed ? "bg-emerald-500" : "bg-slate-300")}
              />
              <span>{type.eventTitle ?? type.eventId}</span>
              <span className="font-mono text-xs text-slate-500">{type.eventId}</span>
              <span className={clsx("ml-auto text-xs", type.subscribed ? "text-emerald-700" : "text-slate-500")}>
                {type.subscribed ? "Subscribed" : "Not subscribed"}
              </span>
            </li>
          ))}
        </ul>
        {uncovered.length === page.eventTypes.length && page.eventTypes.length > 0 && (
          <p className="mt-2 text-xs text-slate-500">No event sends to this app yet.</p>
        )}
      </DetailSection>
    </div>
  );
}
