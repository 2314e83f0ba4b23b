import clsx from "clsx";
import { ArrowLeft, ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

function Step({ id, children }: { id: number | null; children: ReactNode }) {
  const look = "inline-flex items-center gap-1 rounded-md px-2.5 py-1.5 text-sm font-medium ring-1 ring-inset";
  if (id === null) {
    return (
      <span aria-disabled className={clsx(look, "cursor-not-allowed text-slate-300 ring-slate-200")}>
        {children}
      </span>
    );
  }
  return (
    <Link href={`/deliveries/${id}`} className={clsx(look, "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50")}>
      {children}
    </Link>
  );
}

/**
 * Back to the list, and one step to the delivery received just before or after this one. The
 * list runs newest first, so "newer" is up the list and "older" down it.
 */
export function DeliveryNavigation({ previousId, nextId }: { previousId: number | null; nextId: number | null }) {
  return (
    <nav aria-label="Deliveries" className="flex items-center justify-between gap-3">
      <Link
        href="/deliveries"
        className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft aria-hidden className="size-4" />
        All deliveries
      </Link>
      <div className="flex gap-2">
        <Step id={nextId}>
          <ChevronLeft aria-hidden className="size-4" />
          Newer
        </Step>
        <Step id={previousId}>
          Older
          <ChevronRight aria-hidden className="size-4" />
        </Step>
      </div>
    </nav>
  );
}
