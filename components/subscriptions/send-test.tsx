"use client";

import Link from "next/link";
import { useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { useSendTest } from "@/lib/query/use-subscriptions";
import type { SubscriptionView } from "@/lib/subscriptions/schemas";

/**
 * Asks Accelo to dispatch one delivery now and shows, side by side, what Accelo reported and
 * what arrived here: the quickest answer to "is Accelo reaching us, and with the right secret?".
 */
export function SendTest({ subscription }: { subscription: SubscriptionView }) {
  const send = useSendTest(subscription.id);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={SECONDARY_BUTTON}>
        Send test
      </button>
    );
  }
  const result = send.data;
  return (
    <div className="grid gap-2" data-testid={`send-test-${subscription.id}`}>
      <form
        aria-label={`Send a test delivery for ${subscription.eventId}`}
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          send.mutate(String(new FormData(event.currentTarget).get("objectId")));
        }}
      >
        <label className="grid gap-1 text-xs font-medium text-slate-700">
          Object id
          <input
            name="objectId"
            required
            inputMode="numeric"
            pattern="\d+"
            placeholder="e.g. 42"
            className={`${INPUT} w-28`}
          />
        </label>
        <SubmitButton disabled={send.isPending} className={SECONDARY_BUTTON}>
          {send.isPending ? "Waiting for it…" : "Dispatch"}
        </SubmitButton>
      </form>
      {send.isError && (
        <p role="alert" className="text-sm text-red-700">
          Accelo did not dispatch: {send.error.message}
        </p>
      )}
      {result && (
        <div role="status" className="grid gap-2 text-sm sm:grid-cols-2">
          <div className="rounded-lg bg-slate-50 p-2 ring-1 ring-slate-200">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Accelo reported</p>
            <p data-testid="accelo-status">
              {result.acceloStatus === 0 ? "No answer from this app" : `HTTP ${result.acceloStatus}`}
            </p>
          </div>
          <div className="rounded-lg bg-slate-50 p-2 ring-1 ring-slate-200">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Arrived here</p>
            {result.delivery ? (
              <p data-testid="arrived">
                <Link
                  href={`/deliveries/${result.delivery.id}`}
                  className="font-medium text-indigo-700 hover:underline"
                >
                  Delivery #{result.delivery.id}
                </Link>{" "}
                · signature {result.delivery.verdict} · answered {result.delivery.responseStatus}
              </p>
            ) : (
              <p data-testid="arrived">Nothing within {Math.round(result.waitedMs / 1000)} s</p>
            )}
          </div>
          {result.advice.length > 0 && (
            <ul className="list-disc pl-5 text-amber-900 sm:col-span-2">
              {result.advice.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
