"use client";

import { Plus } from "lucide-react";
import { INPUT, PRIMARY_BUTTON } from "@/components/ui/form-styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { SUBSCRIPTION_CONTENT_TYPES } from "@/lib/accelo/subscription-fields";
import { useCreateSubscription } from "@/lib/query/use-subscriptions";
import type { SubscriptionsPage } from "@/lib/subscriptions/schemas";

const CONTENT_TYPE_LABELS: Record<(typeof SUBSCRIPTION_CONTENT_TYPES)[number], string> = {
  "application/x-www-form-urlencoded": "Form (Accelo's default)",
  "application/json": "JSON",
};

/** Picks an event and a content type; the secret is generated, sealed and accepted on the server. */
export function CreateSubscriptionForm({ page }: { page: SubscriptionsPage }) {
  const create = useCreateSubscription();
  if (!page.receiverUrl) {
    return (
      <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-600/20">
        Set <code className="font-mono">PUBLIC_URL</code> to the address Accelo reaches this app at (for example{" "}
        <code className="font-mono">https://monitor.example.com</code>) to create subscriptions here.
      </p>
    );
  }
  return (
    <>
      <form
        aria-label="New subscription"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          create.mutate({
            eventId: String(form.get("eventId")),
            contentType:
              form.get("contentType") === "application/json" ? "application/json" : "application/x-www-form-urlencoded",
          });
        }}
      >
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Event
          <select name="eventId" required className={INPUT} defaultValue="">
            <option value="" disabled>
              Choose an event…
            </option>
            {page.eventTypes.map((type) => (
              <option key={type.eventId} value={type.eventId}>
                {type.eventTitle ?? type.eventId} ({type.eventId}){type.subscribed ? " · subscribed" : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Content type
          <select name="contentType" defaultValue="application/x-www-form-urlencoded" className={INPUT}>
            {SUBSCRIPTION_CONTENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {CONTENT_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton disabled={create.isPending} className={PRIMARY_BUTTON}>
          <Plus aria-hidden className="size-4" />
          {create.isPending ? "Creating…" : "Create subscription"}
        </SubmitButton>
      </form>
      <p className="mt-2 text-xs text-slate-500">
        Accelo will POST to <code className="font-mono">{page.receiverUrl}</code>. A secret is generated here, kept
        sealed, and accepted at once: nothing to copy, no restart.
      </p>
      {create.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not create the subscription: {create.error.message}
        </p>
      )}
      {create.data && (
        <p role="status" className="mt-2 text-sm text-emerald-800">
          Subscription {create.data.subscription.id} created for {create.data.subscription.eventId}.
        </p>
      )}
    </>
  );
}
