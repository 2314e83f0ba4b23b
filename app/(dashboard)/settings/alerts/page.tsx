import type { Metadata } from "next";
import { ChannelsSection } from "@/components/alerts/channels-section";
import { RulesSection } from "@/components/alerts/rules-section";

export const metadata: Metadata = { title: "Alerts · Settings · Accelo Webhook Monitor" };

/** Where alerts go, what raises them, and what they raised lately. */
export default function AlertsPage() {
  return (
    <div className="grid gap-6">
      <ChannelsSection />
      <RulesSection />
    </div>
  );
}
