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
    <>
      <ConnectionPanel />
      <SessionsPanel />
      <ApiTokensPanel />
      <ChangePasswordForm setByEnvironment={passwordSource === "environment"} minLength={MIN_PASSWORD_LENGTH} />
    </>
  );
}
