import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { authConfig } from "@/lib/auth/auth-config";
import { currentSession } from "@/lib/auth/current-session";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export const metadata: Metadata = { title: "Sign in · Accelo Webhook Monitor" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : undefined);
  if (await currentSession(await headers())) redirect(nextPath);
  const { passwordSource } = await authConfig();

  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-50 to-slate-100 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-3 text-center">
          <span className="flex size-12 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-md">
            <Webhook aria-hidden className="size-6" />
          </span>
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Accelo Webhook Monitor</h1>
            <p className="mt-1 text-sm text-slate-500">Sign in to see what Accelo sent.</p>
          </div>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-lg ring-1 ring-slate-900/5">
          <LoginForm nextPath={nextPath} />
        </div>
        {passwordSource === "stored" && (
          <p className="mt-4 rounded-lg bg-white/60 px-4 py-3 text-xs leading-relaxed text-slate-600 ring-1 ring-slate-900/5">
            No <code className="font-mono text-slate-800">DASHBOARD_PASSWORD</code> is set, so a password was generated
            when the server first started and printed once in its log: look for “Dashboard password” (unless it was
            since changed under Settings). Lost it? Set{" "}
            <code className="font-mono text-slate-800">DASHBOARD_PASSWORD</code> and restart the server.
          </p>
        )}
      </div>
    </main>
  );
}
