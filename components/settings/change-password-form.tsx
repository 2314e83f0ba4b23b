"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { DetailSection } from "@/components/ui/detail-section";
import { SubmitButton } from "@/components/ui/submit-button";
import { useChangePassword } from "@/lib/query/use-account";

const INPUT =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30";

/**
 * Changes the stored password. With DASHBOARD_PASSWORD set there is nothing to change here, and the
 * panel says where the password comes from instead.
 */
export function ChangePasswordForm({ setByEnvironment, minLength }: { setByEnvironment: boolean; minLength: number }) {
  const change = useChangePassword();
  const [mismatch, setMismatch] = useState(false);

  return (
    <DetailSection
      id="password"
      title="Password"
      description="Changing it signs out every other browser: whoever knew the old one is out too."
    >
      {setByEnvironment ? (
        <p className="text-sm text-slate-600">
          The password is set by <code className="font-mono">DASHBOARD_PASSWORD</code>: change it there and restart the
          server, which also ends every session.
        </p>
      ) : (
        <form
          className="grid max-w-md gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const newPassword = String(form.get("newPassword"));
            setMismatch(newPassword !== String(form.get("confirmPassword")));
            if (newPassword !== String(form.get("confirmPassword"))) return;
            change.mutate(
              { currentPassword: String(form.get("currentPassword")), newPassword },
              { onSuccess: () => (event.target as HTMLFormElement).reset() },
            );
          }}
        >
          <label className="grid gap-1 text-sm font-medium text-slate-700">
            Current password
            <input name="currentPassword" type="password" autoComplete="current-password" required className={INPUT} />
          </label>
          <label className="grid gap-1 text-sm font-medium text-slate-700">
            New password
            <input
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              minLength={minLength}
              className={INPUT}
            />
          </label>
          <label className="grid gap-1 text-sm font-medium text-slate-700">
            New password again
            <input name="confirmPassword" type="password" autoComplete="new-password" required className={INPUT} />
          </label>
          {(mismatch || change.isError) && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-600/20">
              {mismatch ? "The new passwords differ." : change.error?.message}
            </p>
          )}
          {change.isSuccess && !mismatch && (
            <p
              role="status"
              className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-600/20"
            >
              Password changed. {change.data.endedSessions} session{change.data.endedSessions === 1 ? "" : "s"} ended,
              this browser’s included; it was signed in again.
            </p>
          )}
          <SubmitButton
            disabled={change.isPending}
            className="inline-flex w-fit items-center gap-2 rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
          >
            <KeyRound aria-hidden className="size-4" />
            {change.isPending ? "Changing…" : "Change password"}
          </SubmitButton>
        </form>
      )}
    </DetailSection>
  );
}
