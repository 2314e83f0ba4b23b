"use client";

import { ShieldX } from "lucide-react";
import { RECENT_FAILURES_FILTERS, serializeDeliveryFilters } from "@/lib/deliveries/filters";
import type { RecentFailures } from "@/lib/deliveries/schemas";
import { useRecentFailures } from "@/lib/query/use-deliveries";

const POLL_MS = 10_000;
const FAILURES_QUERY = serializeDeliveryFilters(RECENT_FAILURES_FILTERS);

/**
 * Says how many deliveries in the last 24 hours carried a bad or no signature, with a link to
 * them: someone may be sending forged deliveries, or a secret may have been changed on one side.
 */
export function FailuresBanner({ initial, onShow }: { initial: RecentFailures; onShow: (query: string) => void }) {
  const { data } = useRecentFailures({ initialData: initial, pollMs: POLL_MS });
  if (data.count === 0) return null;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-600/20 ring-inset"
    >
      <ShieldX aria-hidden className="size-5 shrink-0 text-red-600" />
      <p>
        <strong className="font-semibold">
          {data.count.toLocaleString("en")} {data.count === 1 ? "delivery" : "deliveries"}
        </strong>{" "}
        in the last 24 hours failed the signature check (invalid or missing). Forged, or a secret that differs between
        Accelo and this server.
        {data.compacted > 0 &&
          ` ${data.compacted.toLocaleString("en")} came past the hourly storage budget and were kept in compact form.`}
      </p>
      <a
        href={`/deliveries?${FAILURES_QUERY}`}
        onClick={(event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onShow(FAILURES_QUERY);
        }}
        className="ml-auto font-semibold whitespace-nowrap text-red-800 underline decoration-red-300 underline-offset-2 hover:decoration-red-600"
      >
        Show them
      </a>
    </div>
  );
}
