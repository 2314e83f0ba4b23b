import { DatabaseZap } from "lucide-react";
import type { DeliveryDetail } from "@/lib/deliveries/get-delivery";

const FIELD_NAMES: Record<string, string> = {
  eventId: "event",
  objectId: "object id",
  resourceType: "resource type",
  resourceId: "resource id",
  resourceUrl: "resource URL",
  contentType: "Content-Type",
  signatureHeader: "X-Hub-Signature",
  remoteAddress: "source address",
  url: "request path",
  parseError: "parse error",
};

/** Says where the stored row differs from what arrived, and what still holds every byte. */
export function StorageNotice({ storage }: { storage: DeliveryDetail["storage"] }) {
  const notes: string[] = [];
  if (storage.storeError !== null) {
    notes.push(
      `The database refused this row as it arrived (${storage.storeError}), so it was stored in reduced form: ` +
        "parsed fields are left out or shortened, the raw body and headers are kept.",
    );
  }
  if (storage.compacted) {
    notes.push(
      "It failed the signature check after this hour's storage budget for its source was spent, so only its " +
        "headers and the first 8 KiB of its body were kept.",
    );
  }
  if (storage.truncatedFields.length > 0) {
    const fields = storage.truncatedFields.map((field) => FIELD_NAMES[field] ?? field).join(", ");
    notes.push(`Too long for its column, the ${fields} shown here was cut; the raw body and headers hold it whole.`);
  }
  if (notes.length === 0) return null;
  return (
    <div
      role="note"
      aria-label="How this delivery was stored"
      className="flex gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-600/20 ring-inset"
    >
      <DatabaseZap aria-hidden className="size-5 shrink-0 text-amber-600" />
      <div className="space-y-1">
        {notes.map((note) => (
          <p key={note}>{note}</p>
        ))}
      </div>
    </div>
  );
}
