import clsx from "clsx";
import { type LucideIcon, ShieldAlert, ShieldCheck, ShieldQuestionMark, ShieldX } from "lucide-react";
import type { SignatureVerdict } from "@/lib/receiver/signature/verify";

interface VerdictLook {
  label: string;
  /** Said on hover and to screen readers, so the badge explains itself without the docs. */
  meaning: string;
  Icon: LucideIcon;
  className: string;
}

// Each verdict has its own word and icon as well as its colour, so it reads without colour vision.
const VERDICT_LOOK: Record<SignatureVerdict, VerdictLook> = {
  valid: {
    label: "Valid",
    meaning: "X-Hub-Signature matched a configured secret",
    Icon: ShieldCheck,
    className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  },
  invalid: {
    label: "Invalid",
    meaning: "X-Hub-Signature was present but did not match any configured secret",
    Icon: ShieldX,
    className: "bg-red-50 text-red-800 ring-red-600/30",
  },
  missing: {
    label: "Missing",
    meaning: "A secret is configured but the delivery carried no X-Hub-Signature",
    Icon: ShieldAlert,
    className: "bg-amber-50 text-amber-900 ring-amber-600/30",
  },
  unverified: {
    label: "Unverified",
    meaning: "No secret is configured, so the signature was not checked",
    Icon: ShieldQuestionMark,
    className: "bg-slate-100 text-slate-700 ring-slate-500/20",
  },
};

export function SignatureBadge({ verdict, className }: { verdict: SignatureVerdict; className?: string }) {
  const { label, meaning, Icon, className: look } = VERDICT_LOOK[verdict];
  return (
    <span
      title={meaning}
      data-verdict={verdict}
      className={clsx(
        "inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
        look,
        className,
      )}
    >
      <Icon aria-hidden className="size-3.5 shrink-0" strokeWidth={2.25} />
      {label}
    </span>
  );
}
