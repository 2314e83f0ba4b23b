import { Radio, Terminal, Webhook } from "lucide-react";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

function Step({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <li className="flex gap-4">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 ring-1 ring-indigo-600/10">
        {icon}
      </span>
      <div className="min-w-0 flex-1 space-y-2">
        <h3 className="font-medium text-slate-900">{title}</h3>
        {children}
      </div>
    </li>
  );
}

function CommandLine({ text, label }: { text: string; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="min-w-0 flex-1 rounded-md bg-slate-900 px-3 py-2 font-mono text-[13px] break-all text-slate-100">
        {text}
      </code>
      <CopyButton text={text} label={label} />
    </div>
  );
}

/** What a new install shows instead of an empty table: how to get the first delivery in. */
export function FirstDeliveryGuide({ receiverUrl }: { receiverUrl: string }) {
  return (
    <section
      aria-labelledby="first-delivery"
      className="rounded-xl bg-white p-6 shadow-xs ring-1 ring-slate-200 sm:p-8"
    >
      <div className="flex items-center gap-2 text-sm font-medium text-indigo-600">
        <Radio aria-hidden className="size-4 animate-pulse" />
        Listening
      </div>
      <h2 id="first-delivery" className="mt-2 text-lg font-semibold text-slate-900">
        No deliveries yet
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        Every request Accelo sends to this server will appear here within seconds, whether its signature checks out or
        not. This page updates by itself.
      </p>
      <ol className="mt-6 max-w-2xl space-y-6">
        <Step icon={<Webhook aria-hidden className="size-5" />} title="Give Accelo this trigger URL">
          <p className="text-sm text-slate-600">
            Create a webhook subscription (Accelo&apos;s <span className="font-mono">POST /webhooks/subscriptions</span>
            , or its admin pages) with this URL, and set its secret in{" "}
            <span className="font-mono">ACCELO_WEBHOOK_SECRET</span> so signatures can be checked.
          </p>
          <CommandLine text={receiverUrl} label="Copy URL" />
        </Step>
        <Step icon={<Terminal aria-hidden className="size-5" />} title="Or try it now with simulated deliveries">
          <p className="text-sm text-slate-600">
            From the project folder, send a few Accelo-style deliveries to this server:
          </p>
          <CommandLine text={`npm run simulate -- --url ${receiverUrl}`} label="Copy command" />
        </Step>
      </ol>
    </section>
  );
}
