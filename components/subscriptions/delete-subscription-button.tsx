"use client";

import { ConfirmButton } from "@/components/ui/confirm-button";
import { useDeleteSubscription } from "@/lib/query/use-subscriptions";
import type { SubscriptionView } from "@/lib/subscriptions/schemas";

/** Deleting asks once more in place: Accelo stops sending this event at once. */
export function DeleteSubscriptionButton({ subscription }: { subscription: SubscriptionView }) {
  const remove = useDeleteSubscription();
  return (
    <ConfirmButton
      label="Delete"
      confirmLabel="Delete subscription"
      consequence={`Accelo stops sending ${subscription.eventId}.`}
      pending={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => remove.mutate(subscription.id)}
    />
  );
}
