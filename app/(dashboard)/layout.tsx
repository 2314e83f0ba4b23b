import { Webhook } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { UnverifiedBanner } from "@/components/deliveries/unverified-banner";
import { PinnedViews } from "@/components/layout/pinned-views";
import { StorageLine } from "@/components/layout/storage-line";
import { SubscriptionAlertsBanner } from "@/components/layout/subscription-alerts-banner";
import { TokenExpiryBanner } from "@/components/layout/token-expiry-banner";
import { webhookSecretState } from "@/lib/receiver/config";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  const secretState = webhookSecretState();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-40 h-14 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-full max-w-[96rem] items-center gap-6 px-4 sm:px-6 lg:px-8">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
            <span className="flex size-7 items-center justify-center rounded-md bg-indigo-600 text-white">
              <Webhook aria-hidden className="size-4" />
            </span>
            Accelo Webhook Monitor
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1 text-sm">
            <Link
              href="/"
              className="rounded-md px-2.5 py-1.5 font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900"
            >
              Overview
            </Link>
            <Link
              href="/deliveries"
              className="rounded-md px-2.5 py-1.5 font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900"
            >
              Deliveries
            </Link>
            <PinnedViews />
            <Link
              href="/settings"
              className="rounded-md px-2.5 py-1.5 font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900"
            >
              Settings
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <StorageLine />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-[96rem] px-4 py-6 sm:px-6 lg:px-8">
        {secretState !== "configured" && <UnverifiedBanner state={secretState} className="mb-6" />}
        <SubscriptionAlertsBanner className="mb-6" />
        <TokenExpiryBanner className="mb-6" />
        {children}
      </main>
    </div>
  );
}
