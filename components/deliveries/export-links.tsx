import { Download } from "lucide-react";
import { type DeliveryFilters, serializeDeliveryFilters } from "@/lib/deliveries/filters";

const FORMATS = [
  { format: "csv", label: "CSV" },
  { format: "ndjson", label: "NDJSON" },
] as const;

/** Every delivery the list's filters match (not only this page), as a file: plain links the browser downloads. */
export function ExportLinks({ filters }: { filters: DeliveryFilters }) {
  const query = serializeDeliveryFilters({ ...filters, cursor: undefined, limit: undefined });
  return (
    <div className="flex items-center gap-1.5">
      <Download aria-hidden className="size-4 text-slate-500" />
      <span aria-hidden className="text-xs font-medium text-slate-500">
        Export
      </span>
      {FORMATS.map(({ format, label }) => {
        const params = new URLSearchParams(query);
        params.set("format", format);
        return (
          <a
            key={format}
            href={`/api/deliveries/export?${params}`}
            download
            aria-label={`Export ${label}`}
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            {label}
          </a>
        );
      })}
    </div>
  );
}
