"use client";

import clsx from "clsx";
import { Check, Copy, X } from "lucide-react";
import { useEffect, useState } from "react";

/**
 * The Clipboard API exists only in secure contexts; a self-hosted dashboard is often opened over
 * plain http on a LAN address, where the older selection-based copy still works.
 */
async function writeClipboard(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("The browser refused to copy");
}

type CopyState = "idle" | "copied" | "failed";

export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const Icon = state === "copied" ? Check : state === "failed" ? X : Copy;
  return (
    <button
      type="button"
      onClick={() =>
        writeClipboard(text).then(
          () => setState("copied"),
          () => setState("failed"),
        )
      }
      className={clsx(
        "inline-flex items-center gap-1.5 rounded-md bg-white px-2.5 py-1.5 text-xs font-medium shadow-xs ring-1 ring-inset transition",
        state === "failed" ? "text-red-700 ring-red-300" : "text-slate-700 ring-slate-300 hover:bg-slate-50",
        className,
      )}
    >
      <Icon aria-hidden className={clsx("size-3.5", state === "copied" && "text-emerald-600")} />
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
      <span role="status" className="sr-only">
        {state === "copied" ? `${label}: copied to the clipboard` : ""}
      </span>
    </button>
  );
}
