import type { Metadata } from "next";
import { headers } from "next/headers";
import { DeliveryList } from "@/components/deliveries/delivery-list";
import { deliveryFiltersSchema, serializeDeliveryFilters } from "@/lib/deliveries/filters";
import { countRecentFailures, listDeliveries } from "@/lib/deliveries/list-deliveries";

export const metadata: Metadata = { title: "Deliveries · Accelo Webhook Monitor" };

/** The URL to give Accelo, as this request reached us (a proxy in front says so in X-Forwarded-*). */
async function receiverUrl(): Promise<string> {
  const incoming = await headers();
  const first = (name: string) => incoming.get(name)?.split(",")[0]?.trim();
  const host = first("x-forwarded-host") ?? first("host") ?? "localhost:3000";
  const protocol = first("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}/api/webhooks/accelo`;
}

export default async function DeliveriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filters = deliveryFiltersSchema.safeParse(await searchParams);
  const [page, failures, url] = await Promise.all([
    filters.success ? listDeliveries(filters.data) : null,
    countRecentFailures(),
    receiverUrl(),
  ]);

  return (
    <>
      <h1 className="mb-4 text-xl font-semibold tracking-tight text-slate-900">Deliveries</h1>
      <DeliveryList
        serverQuery={filters.success ? serializeDeliveryFilters(filters.data) : ""}
        serverPage={page}
        serverFailures={failures}
        receiverUrl={url}
      />
    </>
  );
}
