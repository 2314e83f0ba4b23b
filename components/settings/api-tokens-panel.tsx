"use client";

import { KeySquare, Plus } from "lucide-react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { DetailSection } from "@/components/ui/detail-section";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ApiTokenListItem } from "@/lib/auth/schemas";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "@/lib/query/use-account";

const EXPIRY_CHOICES = [
  { label: "Never", days: null },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
] as const;

const INPUT =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30";

function When({ iso, never }: { iso: string | null; never: string }) {
  if (iso === null) return <>{never}</>;
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTo(new Date(iso), new Date())}
    </time>
  );
}

/** Revoking asks once more in place: a script that uses the token stops working at once. */
function RevokeButton({ token }: { token: ApiTokenListItem }) {
  const revoke = useRevokeApiToken();
  return (
    <ConfirmButton
      label="Revoke"
      confirmLabel={`Revoke “${token.name}”`}
      consequence="Scripts using it stop working."
      pending={revoke.isPending}
      onConfirm={() => revoke.mutate(token.id)}
    />
  );
}

/** Tokens for scripts: created here, shown once, listed with their last use, revocable. */
export function ApiTokensPanel() {
  const tokens = useApiTokens();
  const create = useCreateApiToken();

  return (
    <DetailSection
      id="api-tokens"
      title="API tokens"
      description={
        <>
          For scripts: send <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> to any{" "}
          <code className="font-mono">/api/</code> route. A read token may only GET. No token signs in or manages
          tokens, sessions or the password.
        </>
      }
    >
      <form
        aria-label="New API token"
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const days = form.get("expiry") === "never" ? null : Number(form.get("expiry"));
          create.mutate(
            {
              name: String(form.get("name")),
              scope: form.get("scope") === "read-write" ? "read-write" : "read",
              expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString(),
            },
            { onSuccess: () => (event.target as HTMLFormElement).reset() },
          );
        }}
      >
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Name
          <input name="name" required maxLength={100} placeholder="e.g. nightly export" className={INPUT} />
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Scope
          <select name="scope" defaultValue="read" className={INPUT}>
            <option value="read">Read</option>
            <option value="read-write">Read and write</option>
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Expires
          <select name="expiry" defaultValue="90" className={INPUT}>
            {EXPIRY_CHOICES.map(({ label, days }) => (
              <option key={label} value={days ?? "never"}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton
          disabled={create.isPending}
          className="inline-flex items-center gap-2 rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        >
          <Plus aria-hidden className="size-4" />
          Create token
        </SubmitButton>
      </form>
      {create.isError && (
        <p role="alert" className="mb-3 text-sm text-red-700">
          Could not create the token: {create.error.message}
        </p>
      )}
      {create.data && (
        <div role="status" className="mb-4 rounded-lg bg-emerald-50 p-3 text-sm ring-1 ring-emerald-600/20">
          <p className="font-medium text-emerald-900">
            Token “{create.data.apiToken.name}” created. Copy it now: it is not shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code
              data-testid="new-token"
              className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-600/20"
            >
              {create.data.token}
            </code>
            <CopyButton text={create.data.token} label="Copy token" />
          </div>
        </div>
      )}
      {tokens.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not load the tokens: {tokens.error.message}
        </p>
      )}
      {tokens.data?.tokens.length === 0 && <p className="text-sm text-slate-500">No tokens yet.</p>}
      {tokens.data && tokens.data.tokens.length > 0 && (
        <ul aria-label="API tokens" className="divide-y divide-slate-100">
          {tokens.data.tokens.map((token) => (
            <li key={token.id} className="flex flex-wrap items-center gap-3 py-2.5 text-sm">
              <KeySquare aria-hidden className="size-4 text-slate-400" />
              <div className="min-w-0 flex-1">
                <p className="font-medium text-slate-800">
                  {token.name}{" "}
                  <span className="ml-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
                    {token.scope === "read" ? "read" : "read-write"}
                  </span>
                </p>
                <p className="text-xs text-slate-500">
                  <code className="font-mono">{token.prefix}…</code> · created <When iso={token.createdAt} never="" /> ·
                  last used <When iso={token.lastUsedAt} never="never" /> · expires{" "}
                  <When iso={token.expiresAt} never="never" />
                </p>
              </div>
              <RevokeButton token={token} />
            </li>
          ))}
        </ul>
      )}
    </DetailSection>
  );
}
