import clsx from "clsx";
import Link from "next/link";
import type { DeliveryListItem } from "@/lib/deliveries/schemas";
import type { SignatureReason } from "@/lib/receiver/signature/verify";
import { LiveReceivedAt } from "../ui/live-received-at";
import { DeliveryMarkers } from "./delivery-markers";
import { ResponseStatus } from "./delivery-summary";
import { SignatureBadge } from "./signature-badge";

/** The column template the header and every row share, so they line up without a <table>. */
export const DELIVERY_GRID =
  "grid grid-cols-[7.5rem_5rem_minmax(9rem,1.2fr)_6.5rem_minmax(6rem,0.8fr)_minmax(11rem,1fr)_3.5rem_minmax(7rem,1fr)] items-center gap-x-4";

// A few words each, for scanning; the delivery's page explains the verdict in full.
const REASON_WORDS = new Map<string, string>(
  Object.entries({
    no_secret_matches: "no secret matches",
    wrong_length: "wrong digest length",
    not_hex: "digest not hex",
    unknown_prefix: "unknown prefix",
    multiple_headers: "several headers",
    empty: "empty header",
    body_not_read: "body not read",
  } satisfies Record<SignatureReason, string>),
);

const ACCENT = {
  invalid: "border-l-red-500 bg-red-50/70 hover:bg-red-50",
  missing: "border-l-amber-500 bg-amber-50/60 hover:bg-amber-50",
  valid: "border-l-transparent hover:bg-slate-50",
  unverified: "border-l-transparent hover:bg-slate-50",
} as const;

function Dim({ children }: { children: string }) {
  return <span className="text-slate-400">{children}</span>;
}

/** One delivery as a row that opens it: a link, so it can be opened in a new tab or by keyboard. */
export function DeliveryRow({ item, fresh }: { item: DeliveryListItem; fresh: boolean }) {
  return (
    <li>
      <Link
        href={`/deliveries/${item.id}`}
        data-delivery-id={item.id}
        data-verdict={item.signatureVerdict}
        className={clsx(
          DELIVERY_GRID,
          "border-b border-l-4 border-b-slate-100 px-4 py-2 text-sm transition-colors duration-700 focus-visible:relative focus-visible:outline-2 focus-visible:outline-indigo-500",
          ACCENT[item.signatureVerdict],
          fresh && "bg-sky-50",
        )}
      >
        <LiveReceivedAt iso={item.receivedAt} className="truncate text-slate-600 tabular-nums" />
        <span className="font-mono text-xs text-slate-500">#{item.id}</span>
        <span className="truncate font-mono text-[13px] text-slate-900">{item.eventId ?? <Dim>no event</Dim>}</span>
        <span className="truncate text-slate-700">{item.resourceType ?? <Dim>—</Dim>}</span>
        <span className="truncate font-mono text-[13px] text-slate-900" title={item.resourceUrl ?? undefined}>
          {item.objectId ?? <Dim>—</Dim>}
        </span>
        <span className="flex min-w-0 items-center gap-2">
          <SignatureBadge verdict={item.signatureVerdict} />
          {item.signatureReason && (
            <span className="truncate text-xs text-slate-500">
              {REASON_WORDS.get(item.signatureReason) ?? item.signatureReason.replaceAll("_", " ")}
            </span>
          )}
        </span>
        <span>
          <ResponseStatus status={item.responseStatus} />
        </span>
        <DeliveryMarkers item={item} />
      </Link>
    </li>
  );
}
