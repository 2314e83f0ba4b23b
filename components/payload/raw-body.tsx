"use client";

import { useMemo } from "react";
import { base64ToBytes } from "@/lib/payload/body-encoding";
import { hexDump } from "@/lib/payload/hex-dump";

/** A hex dump grows four times the body: past this many bytes, the rest is left to "copy base64". */
const HEX_DUMP_LIMIT = 64 * 1024;

export interface RawBodyProps {
  text: string | null;
  base64: string;
  storedBytes: number;
}

/** The body exactly as received: its text when it is UTF-8, else a hex dump of its bytes. */
export function RawBody({ text, base64, storedBytes }: RawBodyProps) {
  const dump = useMemo(
    () => (text === null ? hexDump(base64ToBytes(base64).subarray(0, HEX_DUMP_LIMIT)) : null),
    [text, base64],
  );

  if (storedBytes === 0) return <p className="text-sm text-slate-500 italic">The body was empty.</p>;
  return (
    <div>
      {text === null && (
        <p className="mb-2 text-xs text-slate-600">
          Not valid UTF-8, so shown as bytes
          {storedBytes > HEX_DUMP_LIMIT &&
            ` (the first ${HEX_DUMP_LIMIT.toLocaleString("en")} of ${storedBytes.toLocaleString("en")})`}
          .
        </p>
      )}
      <pre
        data-testid="raw-body"
        className="max-h-[32rem] overflow-auto rounded-lg bg-slate-950 p-4 font-mono text-[13px] leading-6 break-all whitespace-pre-wrap text-slate-100"
      >
        {text ?? dump}
      </pre>
    </div>
  );
}
