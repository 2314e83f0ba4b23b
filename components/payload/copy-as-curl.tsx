"use client";

import { KeyRound, TriangleAlert } from "lucide-react";
import { useId, useMemo, useState, useSyncExternalStore } from "react";
import { replayCommand } from "@/lib/deliveries/replay-command";
import { base64ToBytes } from "@/lib/payload/body-encoding";
import { CopyButton } from "../ui/copy-button";

export interface CopyAsCurlProps {
  method: string;
  /** Path and query the delivery was received at. */
  url: string;
  headers: readonly (readonly [string, string])[];
  base64: string;
  /** Only part of the body was kept, so a replay cannot carry the bytes that were signed. */
  oversized: boolean;
}

const noSubscription = () => () => {};

/**
 * The replay command for this delivery, aimed at this dashboard's own receiver by default (the
 * origin the reader opened it at, which the server cannot know behind a proxy) or any URL typed in.
 */
export function CopyAsCurl({ method, url, headers, base64, oversized }: CopyAsCurlProps) {
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => null,
  );
  const [typedTarget, setTypedTarget] = useState<string | null>(null);
  const target = typedTarget ?? (origin === null ? url : `${origin}${url}`);
  const body = useMemo(() => base64ToBytes(base64), [base64]);
  const { command, leftOut } = useMemo(
    () => replayCommand({ method, headers, body }, target),
    [method, headers, body, target],
  );
  const inputId = useId();

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor={inputId} className="block text-xs font-medium text-slate-600">
            Send to
          </label>
          <input
            id={inputId}
            type="url"
            value={target}
            onChange={(event) => setTypedTarget(event.target.value)}
            spellCheck={false}
            className="mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 font-mono text-[13px] text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-sky-600"
          />
        </div>
        <CopyButton text={command} label="Copy curl command" />
      </div>
      {leftOut.length > 0 && (
        <p className="flex items-start gap-2 rounded-md bg-slate-50 p-2.5 text-xs text-slate-700 ring-1 ring-slate-300/60 ring-inset">
          <KeyRound aria-hidden className="mt-px size-4 shrink-0" />
          Left out: {leftOut.join(", ")}. Credentials are never stored, only their length and a fingerprint, so the
          replay cannot send them.
        </p>
      )}
      {oversized && (
        <p className="flex items-start gap-2 rounded-md bg-amber-50 p-2.5 text-xs text-amber-900 ring-1 ring-amber-600/20 ring-inset">
          <TriangleAlert aria-hidden className="mt-px size-4 shrink-0" />
          Only the first part of this body was kept, so the replay sends a truncated body and its signature will not
          verify.
        </p>
      )}
      <pre
        data-testid="curl-command"
        className="max-h-96 overflow-auto rounded-lg bg-slate-950 p-4 font-mono text-[13px] leading-6 break-all whitespace-pre-wrap text-slate-100"
      >
        {command}
      </pre>
    </div>
  );
}
