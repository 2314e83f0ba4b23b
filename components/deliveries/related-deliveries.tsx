import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { type DeliveryDetail, RELATED_LIMIT } from "@/lib/deliveries/get-delivery";
import { ReceivedAt } from "../ui/received-at";
import { SignatureBadge } from "./signature-badge";

function objectName(match: NonNullable<DeliveryDetail["related"]["match"]>): string {
  return match.kind === "resource"
    ? `${match.resourceType} #${match.resourceId}`
    : `object ${match.objectId} (${match.eventId}, no resource URL)`;
}

/** The other deliveries about the same object: what else Accelo said about it, newest first. */
export function RelatedDeliveries({ related }: { related: DeliveryDetail["related"] }) {
  const { match, deliveries, hasMore } = related;
  return (
    <section aria-labelledby="related-heading" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="related-heading" className="text-sm font-semibold text-slate-900">
        Other deliveries of this object
      </h2>
      {match === null ? (
        <p className="mt-2 text-sm text-slate-500">This delivery names no object, so nothing can be matched to it.</p>
      ) : deliveries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">None yet: this is the only delivery of {objectName(match)}.</p>
      ) : (
        <>
          <p className="mt-1 text-xs text-slate-500">
            {hasMore ? `The ${RELATED_LIMIT} most recent of ` : ""}
            {objectName(match)}
          </p>
          <ul className="-mx-2 mt-2">
            {deliveries.map((delivery) => (
              <li key={delivery.id}>
                <Link
                  href={`/deliveries/${delivery.id}`}
                  className="group flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-50"
                >
                  <span className="w-14 shrink-0 font-mono text-xs text-slate-500">#{delivery.id}</span>
                  <span className="min-w-0 flex-1 truncate font-medium text-slate-800">
                    {delivery.eventId ?? <span className="text-slate-400 italic">no event</span>}
                  </span>
                  <SignatureBadge verdict={delivery.signatureVerdict} />
                  <ReceivedAt iso={delivery.receivedAt} className="w-24 shrink-0 text-right text-xs text-slate-500" />
                  <ChevronRight aria-hidden className="size-4 shrink-0 text-slate-300 group-hover:text-slate-500" />
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
