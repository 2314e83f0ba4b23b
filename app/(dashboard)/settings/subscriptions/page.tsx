import type { Metadata } from "next";
import { SubscriptionsPanel } from "@/components/subscriptions/subscriptions-panel";

export const metadata: Metadata = { title: "Subscriptions · Settings · Accelo Webhook Monitor" };

/** Accelo's webhook subscriptions: create, test and delete them, and see each one's last day. */
export default function SubscriptionsPage() {
  return <SubscriptionsPanel />;
}
