import clsx from "clsx";
import { ShieldQuestionMark } from "lucide-react";
import type { WebhookSecretState } from "@/lib/receiver/config";
import { acceptedSubscriptionSecrets } from "@/lib/subscriptions/accepted-secrets";

/**
 * Said on every dashboard page while no webhook secret is configured: signatures are not checked,
 * so any request to the webhook URL is taken as a delivery. Calm rather than alarming, because
 * running without a secret can be a choice; it says what to do if it is not. A subscription made
 * in the dashboard brings its own secret, so deliveries are verified without the variable.
 */
export async function UnverifiedBanner({
  state,
  className,
}: {
  state: Exclude<WebhookSecretState, "configured">;
  className?: string;
}) {
  if ((await acceptedSubscriptionSecrets()).length > 0) return null;
  return (
    <div
      role="status"
      data-secret-state={state}
      className={clsx(
        "flex items-start gap-3 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-600/20 ring-inset",
        className,
      )}
    >
      <ShieldQuestionMark aria-hidden className="mt-0.5 size-5 shrink-0 text-amber-600" />
      <p>
        <strong className="font-semibold">Deliveries are not being verified.</strong>{" "}
        {state === "blank" ? (
          <>
            <code className="font-mono">ACCELO_WEBHOOK_SECRET</code> is set but holds no secret (only spaces or commas),
          </>
        ) : (
          "No webhook secret is configured,"
        )}{" "}
        so signatures are not checked and every delivery is stored as unverified. To check them, set{" "}
        <code className="font-mono">ACCELO_WEBHOOK_SECRET</code> to your Accelo subscription&apos;s secret (separate
        several with commas) and restart the server, or create a subscription under Settings → Subscriptions, whose
        secret is accepted at once.
      </p>
    </div>
  );
}
