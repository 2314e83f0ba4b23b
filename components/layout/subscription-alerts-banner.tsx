import { ShieldAlert, Unplug } from "lucide-react";
import Link from "next/link";
import { RecreateSubscriptionButton } from "@/components/subscriptions/recreate-subscription-button";
import { subscriptionAlerts } from "@/lib/subscriptions/watch";

/**
 * On every page while a subscription made here has vanished from Accelo (nothing arrives for its
 * event until it is recreated) or a subscription to this app fails every signature check. Reads
 * what the watch stored, so a page never waits for Accelo.
 */
export async function SubscriptionAlertsBanner({ className }: { className?: string }) {
  const alerts = await subscriptionAlerts();
  if (alerts.vanished.length === 0 && alerts.outOfStep.length === 0) return null;
  return (
    <div className={`grid gap-2 ${className ?? ""}`}>
      {alerts.vanished.map((subscription) => (
        <div
          key={subscription.id}
          role="alert"
          data-testid="subscription-vanished"
          className="flex flex-wrap items-start gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-600/20"
        >
          <Unplug aria-hidden className="mt-0.5 size-4 shrink-0" />
          <p className="min-w-0 flex-1">
            <strong className="font-semibold">
              The subscription for {subscription.eventId} has vanished from Accelo
            </strong>{" "}
            (noticed {new Date(subscription.vanishedAt).toUTCString()}). Accelo deletes a subscription after repeated
            timeouts or an answer of 410, without telling anyone: no {subscription.eventId} delivery arrives until it is
            recreated.
          </p>
          <RecreateSubscriptionButton vanished={subscription} />
        </div>
      ))}
      {alerts.outOfStep.map((subscription) => (
        <div
          key={subscription.id}
          role="alert"
          data-testid="subscription-out-of-step"
          className="flex items-start gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-600/20"
        >
          <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <p>
            <strong className="font-semibold">
              Every {subscription.eventId} delivery fails the signature check ({subscription.failures} in 24 h).
            </strong>{" "}
            Subscription {subscription.id} sends to this app with a secret this app does not know.{" "}
            {subscription.madeHere
              ? "Its sealed secret cannot be opened (was APP_SECRET_KEY changed?): delete it and create it again"
              : "Add its secret to ACCELO_WEBHOOK_SECRET, or delete it and create it again"}{" "}
            in{" "}
            <Link href="/settings/subscriptions" className="font-medium underline">
              Settings → Subscriptions
            </Link>
            .
          </p>
        </div>
      ))}
    </div>
  );
}
