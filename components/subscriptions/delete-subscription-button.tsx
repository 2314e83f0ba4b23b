"use client";

import { useState } from "react";
import { SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { useDeleteSubscription } from "@/lib/query/use-subscriptions";
import type { SubscriptionView } from "@/lib/subscriptions/schemas";

/** Deleting asks once more in place: Accelo stops sending this event at once. */
export function DeleteSubscriptionButton({ subscription }: { subscription: SubscriptionView }) {
  const remove = useDeleteSubscription();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={SECONDARY_BUTTON}>
        Delete
      </button>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span className="text-xs text-slate-600">Accelo stops sending {subscription.eventId}.</span>
      <button
        type="button"
        disabled={remove.isPending}
        onClick={() => remove.mutate(subscription.id)}
        className="rounded-md bg-red-600 px-2.5 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60"
      >
        Delete subscription
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-sm text-slate-600 hover:underline">
        Cancel
      </button>
      {remove.isError && (
        <span role="alert" className="text-sm text-red-700">
          {remove.error.message}
        </span>
      )}
    </span>
  );
}
