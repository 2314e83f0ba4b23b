import type { Metadata } from "next";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { ConnectionPanel } from "@/components/settings/connection-panel";
import { SessionsPanel } from "@/components/settings/sessions-panel";
import { authConfig, MIN_PASSWORD_LENGTH } from "@/lib/auth/auth-config";

export const metadata: Metadata = { title: "Settings · Accelo Webhook Monitor" };

/** The link to Accelo, and who can get in: the browsers signed in, the tokens scripts use, the password. */
export default async function SettingsPage() {
  const { passwordSource } = await authConfig();
  return (
    <div className="mx-auto grid max-w-4xl gap-6">
      <h1 className="text-lg font-semibold tracking-tight text-slate-900">Settings</h1>
      <ConnectionPanel />
      <SessionsPanel />
      <ApiTokensPanel />
      <ChangePasswordForm setByEnvironment={passwordSource === "environment"} minLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
