"use client";

import { LogIn } from "lucide-react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { z } from "zod";
import { SubmitButton } from "@/components/ui/submit-button";
import { ApiRequestError } from "@/lib/query/fetch-json";
import { requestSignIn } from "@/lib/query/session";

type SignInState =
  | { kind: "idle" }
  | { kind: "wrong_password" }
  | { kind: "locked"; until: number }
  | { kind: "failed"; message: string }
  | { kind: "signed_in" };

const lockedDetailsSchema = z.object({ retryAfterSeconds: z.number() });

/** Seconds until `until`, ticking while it is in the future. */
function useSecondsUntil(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function LoginForm({ nextPath }: { nextPath: string }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<SignInState, FormData>(
    async (_previous, form) => {
      try {
        await requestSignIn(String(form.get("password") ?? ""));
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === "unauthorized") return { kind: "wrong_password" };
        if (error instanceof ApiRequestError && error.code === "too_many_requests") {
          const details = lockedDetailsSchema.safeParse(error.details);
          const seconds = details.success ? details.data.retryAfterSeconds : 1;
          return { kind: "locked", until: Date.now() + seconds * 1000 };
        }
        return { kind: "failed", message: error instanceof Error ? error.message : "Sign-in failed" };
      }
      router.replace(nextPath);
      return { kind: "signed_in" };
    },
    { kind: "idle" },
  );

  const secondsLocked = useSecondsUntil(state.kind === "locked" ? state.until : undefined);
  const message =
    state.kind === "wrong_password"
      ? "Wrong password. Check it and try again."
      : state.kind === "locked" && secondsLocked > 0
        ? `Too many wrong passwords. Try again in ${secondsLocked} second${secondsLocked === 1 ? "" : "s"}.`
        : state.kind === "failed"
          ? `Could not sign in: ${state.message}`
          : undefined;
  const busy = pending || state.kind === "signed_in";

  return (
    <form action={formAction} className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus
          required
          aria-invalid={state.kind === "wrong_password"}
          aria-describedby={message ? "sign-in-error" : undefined}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm outline-none transition focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-400"
        />
      </div>
      {message && (
        <p
          id="sign-in-error"
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-600/20"
        >
          {message}
        </p>
      )}
      <SubmitButton
        disabled={busy || secondsLocked > 0}
        className="flex w-full items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
      >
        <LogIn aria-hidden className="size-4" />
        {busy ? "Signing in…" : "Sign in"}
      </SubmitButton>
    </form>
  );
}
