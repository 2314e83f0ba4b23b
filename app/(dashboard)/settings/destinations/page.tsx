import type { Metadata } from "next";
import { DestinationsPanel } from "@/components/destinations/destinations-panel";

export const metadata: Metadata = { title: "Destinations · Settings · Accelo Webhook Monitor" };

/** Where deliveries are forwarded, with each destination's success rate and backlog. */
export default function DestinationsPage() {
  return <DestinationsPanel />;
}
