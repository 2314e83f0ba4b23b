import { ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DeliveryNavigation } from "@/components/deliveries/delivery-navigation";
import { DeliverySummary, ResponseStatus } from "@/components/deliveries/delivery-summary";
import { RelatedDeliveries } from "@/components/deliveries/related-deliveries";
import { SignatureBadge } from "@/components/deliveries/signature-badge";
import { SignaturePanel } from "@/components/deliveries/signature-panel";
import { StorageNotice } from "@/components/deliveries/storage-notice";
import { DeliveryForwardingSection } from "@/components/destinations/delivery-forwarding-section";
import { CopyAsCurl } from "@/components/payload/copy-as-curl";
import { HeadersTable } from "@/components/payload/headers-table";
import { PayloadView } from "@/components/payload/payload-view";
import { DeliverySnapshotSection } from "@/components/snapshots/delivery-snapshot-section";
import { DetailSection } from "@/components/ui/detail-section";
import { ReceivedAt } from "@/components/ui/received-at";
import { type DeliveryDetail, getDelivery } from "@/lib/deliveries/get-delivery";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { DomainError } from "@/lib/errors";
import { isSignatureFailure } from "@/lib/receiver/signature/verdicts";
import { getDeliverySnapshot } from "@/lib/snapshots/delivery-snapshot";

interface Props {
  params: Promise<{ id: string }>;
}

// The metadata and the page ask for the same delivery: one query per request.
const loadDelivery = cache(async (rawId: string): Promise<DeliveryDetail> => {
  const id = deliveryIdSchema.safeParse(rawId);
  if (!id.success) notFound();
  try {
    return await getDelivery(id.data);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const delivery = await loadDelivery((await params).id);
  return {
    title: `Delivery #${delivery.id}${delivery.eventId ? ` · ${delivery.eventId}` : ""} · Accelo Webhook Monitor`,
  };
}

export default async function DeliveryPage({ params }: Props) {
  const delivery = await loadDelivery((await params).id);
  const { signature } = delivery;

  return (
    <div className="space-y-6">
      <DeliveryNavigation previousId={delivery.previousId} nextId={delivery.nextId} />

      <header className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold text-slate-900">Delivery #{delivery.id}</h1>
        {delivery.eventId && (
          // An event id is a word; one that is not still wraps and stops at three lines.
          <span className="line-clamp-3 min-w-0 font-mono text-base break-all text-slate-600">{delivery.eventId}</span>
        )}
        <SignatureBadge verdict={signature.verdict} />
        <ResponseStatus status={delivery.responseStatus} />
        <span className="text-sm text-slate-500">
          received <ReceivedAt iso={delivery.receivedAt} />
        </span>
      </header>

      {isSignatureFailure(signature.verdict) && (
        <div
          role="alert"
          className="flex gap-3 rounded-xl bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-600/20 ring-inset"
        >
          <ShieldAlert aria-hidden className="size-5 shrink-0 text-red-600" />
          <p>
            <span className="font-semibold">{signature.explanation.summary}</span>{" "}
            <a href="#signature" className="underline underline-offset-2">
              Why
            </a>
          </p>
        </div>
      )}

      <StorageNotice storage={delivery.storage} />

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <DeliverySummary delivery={delivery} />

          <DetailSection id="payload" title="Payload">
            <PayloadView body={delivery.body} />
          </DetailSection>

          <DeliverySnapshotSection initial={await getDeliverySnapshot(delivery.id)} />

          <DeliveryForwardingSection deliveryId={delivery.id} />

          <DetailSection id="headers" title="Headers" description={`${delivery.headers.length} received`}>
            <HeadersTable headers={delivery.headers} />
          </DetailSection>

          <DetailSection
            id="replay"
            title="Replay with curl"
            description="Sends this exact request again: same method, headers and body bytes, so the signature still verifies. For bash, zsh and fish (3.4 or later)."
          >
            <CopyAsCurl
              method={delivery.method}
              url={delivery.url}
              headers={delivery.headers}
              base64={delivery.body.base64}
              oversized={delivery.body.oversized}
            />
          </DetailSection>
        </div>

        <aside className="min-w-0 space-y-6">
          <SignaturePanel signature={signature} />
          <RelatedDeliveries related={delivery.related} />
        </aside>
      </div>
    </div>
  );
}
