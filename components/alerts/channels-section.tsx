"use client";

import { Plus, Send } from "lucide-react";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DetailSection } from "@/components/ui/detail-section";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import { SubmitButton } from "@/components/ui/submit-button";
import { CHANNEL_KINDS, type ChannelKind, type ChannelView } from "@/lib/alerts/schemas";
import {
  useChannels,
  useCreateChannel,
  useDeleteChannel,
  useTestChannel,
  useUpdateChannel,
} from "@/lib/query/use-alerts";

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (JSON)",
  slack: "Slack incoming webhook",
  teams: "Microsoft Teams incoming webhook",
  email: "Email (SMTP_URL)",
};

function NewChannelForm() {
  const create = useCreateChannel();
  const [kind, setKind] = useState<ChannelKind>("webhook");
  return (
    <>
      <form
        aria-label="New channel"
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const name = String(form.get("name"));
          const target = String(form.get("target") ?? "").trim();
          const channel =
            kind === "email"
              ? {
                  kind,
                  name,
                  to: target
                    .split(",")
                    .map((address) => address.trim())
                    .filter(Boolean),
                }
              : { kind, name, url: target };
          create.mutate(channel, { onSuccess: () => (event.target as HTMLFormElement).reset() });
        }}
      >
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Name
          <input name="name" required maxLength={100} placeholder="e.g. ops chat" className={INPUT} />
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Kind
          <select
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as ChannelKind)}
            className={INPUT}
          >
            {CHANNEL_KINDS.map((value) => (
              <option key={value} value={value}>
                {CHANNEL_KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700 sm:col-span-2">
          {kind === "email"
            ? "Recipients (comma-separated)"
            : "Incoming webhook URL (kept sealed; only its host is shown)"}
          <input
            name="target"
            required
            type={kind === "email" ? "text" : "url"}
            autoComplete="off"
            placeholder={kind === "email" ? "ops@example.com, oncall@example.com" : "https://hooks.example.com/…"}
            className={INPUT}
          />
        </label>
        <div className="sm:col-span-2">
          <SubmitButton disabled={create.isPending} className={PRIMARY_BUTTON}>
            <Plus aria-hidden className="size-4" />
            Add channel
          </SubmitButton>
        </div>
      </form>
      {create.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not add the channel: {create.error.message}
        </p>
      )}
    </>
  );
}

function ChannelItem({ channel }: { channel: ChannelView }) {
  const test = useTestChannel(channel.id);
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  return (
    <li className="grid gap-2 py-3 sm:grid-cols-[1fr_auto]" data-channel-id={channel.id}>
      <div className="min-w-0 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{channel.name}</span>
          <span className="text-xs text-slate-600">{CHANNEL_KIND_LABELS[channel.kind]}</span>
          {!channel.enabled && <span className="text-xs text-amber-900">off</span>}
        </div>
        <div className="font-mono text-xs break-all text-slate-600">{channel.displayTarget}</div>
        {channel.lastSentAt && (
          <p className="text-xs text-slate-600">
            Last sent{" "}
            <time dateTime={channel.lastSentAt} title={exactTime(channel.lastSentAt)}>
              {relativeTo(new Date(channel.lastSentAt), new Date())}
            </time>
          </p>
        )}
        {channel.lastError && channel.lastErrorAt && (
          <p className="text-xs text-red-700" data-testid="channel-last-error">
            Last error{" "}
            <time dateTime={channel.lastErrorAt} title={exactTime(channel.lastErrorAt)}>
              {relativeTo(new Date(channel.lastErrorAt), new Date())}
            </time>
            : {channel.lastError}
          </p>
        )}
        {channel.retrying > 0 && (
          <p className="text-xs text-amber-900">
            {channel.retrying} notification{channel.retrying === 1 ? "" : "s"} being retried (up to attempt{" "}
            {channel.maxAttempts} so far)
          </p>
        )}
        {test.data && (
          <p role="status" className={test.data.ok ? "text-xs text-emerald-800" : "text-xs text-red-700"}>
            Test {test.data.ok ? "delivered" : "failed"}: {test.data.detail}
          </p>
        )}
        {test.isError && (
          <p role="alert" className="text-xs text-red-700">
            Could not test: {test.error.message}
          </p>
        )}
      </div>
      <div className="flex items-start gap-2">
        <button type="button" disabled={test.isPending} onClick={() => test.mutate()} className={SECONDARY_BUTTON}>
          <Send aria-hidden className="mr-1 inline size-3.5" />
          Send test
        </button>
        <button
          type="button"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: channel.id, change: { enabled: !channel.enabled } })}
          className={SECONDARY_BUTTON}
        >
          {channel.enabled ? "Turn off" : "Turn on"}
        </button>
        <ConfirmButton
          label="Delete"
          confirmLabel="Delete channel"
          consequence="Notifications it was still owed are dropped."
          pending={remove.isPending}
          error={remove.error?.message}
          onConfirm={() => remove.mutate(channel.id)}
        />
      </div>
    </li>
  );
}

/** Where alerts go: a webhook, a Slack or Teams channel, or email. */
export function ChannelsSection() {
  const channels = useChannels();
  return (
    <DetailSection
      id="channels"
      title="Channels"
      description="Where alerts are sent. A send that fails is retried up to 5 times over about 8 minutes; its error is shown here."
    >
      <NewChannelForm />
      {channels.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Could not list the channels: {channels.error.message}
        </p>
      )}
      {channels.data?.channels.length === 0 && <p className="mt-3 text-sm text-slate-500">No channel yet.</p>}
      <ul className="mt-3 divide-y divide-slate-100" aria-label="Channels">
        {channels.data?.channels.map((channel) => (
          <ChannelItem key={channel.id} channel={channel} />
        ))}
      </ul>
    </DetailSection>
  );
}
