"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

const PAGES = [
  { href: "/settings", label: "Connection and access" },
  { href: "/settings/subscriptions", label: "Subscriptions" },
  { href: "/settings/destinations", label: "Destinations" },
  { href: "/settings/alerts", label: "Alerts" },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm">
      {PAGES.map(({ href, label }) => (
        <Link
          key={href}
          href={href}
          aria-current={pathname === href ? "page" : undefined}
          className={clsx(
            "rounded-md px-3 py-1.5 font-medium",
            pathname === href ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
