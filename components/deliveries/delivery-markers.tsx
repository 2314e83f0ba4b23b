import { Archive, Copy, DatabaseZap, FileWarning, type LucideIcon, Scissors, TextCursorInput } from "lucide-react";
import type { DeliveryListItem } from "@/lib/deliveries/schemas";

function Marker({ Icon, label, title }: { Icon: LucideIcon; label: string; title: string }) {
  return (
    <span
      title={title}
      className="inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-300/60 ring-inset"
    >
      <Icon aria-hidden className="size-3 shrink-0" />
      {label}
    </span>
  );
}

/** What else is unusual about a delivery: sent before, too big to keep whole, or not readable. */
export function DeliveryMarkers({ item }: { item: DeliveryListItem }) {
  return (
    <span className="flex flex-wrap gap-1">
      {item.duplicateOfId !== null && (
        <Marker
          Icon={Copy}
          label={`Dup of #${item.duplicateOfId}`}
          title={`Same event and body as delivery #${item.duplicateOfId}: Accelo sent it again`}
        />
      )}
      {item.oversized && (
        <Marker
          Icon={Scissors}
          label="Oversized"
          title={`The body (${item.bodySize.toLocaleString("en")} bytes) was over the size limit; only its start was kept`}
        />
      )}
      {item.parseError !== null && <Marker Icon={FileWarning} label="Parse error" title={item.parseError} />}
      {item.compacted && (
        <Marker
          Icon={Archive}
          label="Compacted"
          title="Failed the signature check past this hour's storage budget: only its headers and first 8 KiB were kept"
        />
      )}
      {item.storeError !== null && (
        <Marker
          Icon={DatabaseZap}
          label="Reduced"
          title={`The database refused the row as received, so it was stored in reduced form: ${item.storeError}`}
        />
      )}
      {item.truncatedFields !== null && (
        <Marker
          Icon={TextCursorInput}
          label="Cut to fit"
          title="Fields too long for their column were cut; the raw body and headers keep them whole"
        />
      )}
    </span>
  );
}
