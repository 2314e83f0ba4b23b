"use client";

import { useState } from "react";
import { SECONDARY_BUTTON } from "./form-styles";

/**
 * A button for what cannot be taken back: it asks once more in place, saying what will happen,
 * and only the second, red button acts.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  consequence,
  pending,
  error,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  /** What happens, said beside the red button. */
  consequence: string;
  pending: boolean;
  error?: string;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={SECONDARY_BUTTON}>
        {label}
      </button>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span className="text-xs text-slate-600">{consequence}</span>
      <button
        type="button"
        disabled={pending}
        onClick={onConfirm}
        className="rounded-md bg-red-600 px-2.5 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60"
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-sm text-slate-600 hover:underline">
        Cancel
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
