"use client";

import { useRouter } from "next/navigation";
import { useCreateSubscription } from "@/lib/query/use-subscriptions";
import type { VanishedSubscription } from "@/lib/subscriptions/schemas";

/** One click: a new subscription for the same event and content type, which replaces the vanished one. */
export function RecreateSubscriptionButton({ vanished }: { vanished: VanishedSubscription }) {
  const router = useRouter();
  const create = useCreateSubscription();
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={create.isPending}
        onClick={() =>
          create.mutate(
            {
              eventId: vanished.eventId,
              contentType:
                vanished.contentType === "application/json" ? "application/json" : "application/x-www-form-urlencoded",
              replaces: vanished.id,
            },
            // The banner is drawn on the server: it goes with the next render.
            { onSuccess: () => router.refresh() },
          )
        }
        className="rounded-md bg-red-600 px-2.5 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60"
      >
        {create.isPending ? "Recreating…" : "Recreate"}
      </button>
      {create.isError && (
        <span role="status" className="text-xs">
          {create.error.message}
        </span>
      )}
    </span>
  );
}
