import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";

/** The Settings area: one heading, its pages a tab apart. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight text-slate-900">Settings</h1>
        <SettingsNav />
      </div>
      {children}
    </div>
  );
}
