import { TriangleAlert } from "lucide-react";
import { tokenExpiryWarning } from "@/lib/accelo/connection";

/**
 * On every page when the Accelo token expires within a week: once it does, snapshots stop. Reads
 * the background check's answer (lib/accelo/connection.ts), so a page never waits for Accelo.
 */
export function TokenExpiryBanner({ className }: { className?: string }) {
  const warning = tokenExpiryWarning();
  if (!warning) return null;
  const expired = warning.expiresAt.getTime() <= Date.now();
  return (
    <div
      role="alert"
      className={`flex items-start gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-600/20 ${className ?? ""}`}
    >
      <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <p>
        {expired
          ? "The Accelo API token has expired"
          : `The Accelo API token expires on ${warning.expiresAt.toUTCString()}`}
        : snapshots stop when it does. Renew it in Accelo and set the new one (ACCELO_ACCESS_TOKEN), or use a service
        application&apos;s credentials, which renew by themselves. See Settings for the connection.
      </p>
    </div>
  );
}
