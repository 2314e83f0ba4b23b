import clsx from "clsx";
import Link from "next/link";
import type { ReactNode } from "react";
import type { DeliveryDetail } from "@/lib/deliveries/get-delivery";
import type { SignatureVerdict } from "@/lib/receiver/signature/verify";
import { SignatureBadge } from "./signature-badge";

const PANEL_ACCENT: Record<SignatureVerdict, string> = {
  valid: "border-t-emerald-500",
  invalid: "border-t-red-500",
  missing: "border-t-amber-500",
  unverified: "border-t-slate-300",
};

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="py-2.5">
      <dt className="text-xs font-medium text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

/** The signature verdict with its reasons in words: the question "was it really Accelo?" answered. */
export function SignaturePanel({ signature }: { signature: DeliveryDetail["signature"] }) {
  const { verdict, header, explanation } = signature;
  return (
    <section
      id="signature"
      aria-labelledby="signature-heading"
      data-verdict={verdict}
      className={clsx("rounded-xl border-t-4 bg-white p-5 shadow-sm ring-1 ring-slate-200", PANEL_ACCENT[verdict])}
    >
      <div className="flex items-center justify-between gap-3">
        <h2 id="signature-heading" className="text-sm font-semibold text-slate-900">
          Signature
        </h2>
        <SignatureBadge verdict={verdict} />
      </div>
      <p className="mt-2 text-sm font-medium text-slate-900">{explanation.summary}</p>
      <dl className="mt-2 divide-y divide-slate-100">
        {explanation.reason !== null && (
          <Row term="Why">
            <span data-testid="signature-reason" className="block first-letter:uppercase">
              {explanation.reason}.
            </span>
          </Row>
        )}
        <Row term="X-Hub-Signature received">
          {header === null ? (
            <span className="text-slate-500 italic">none</span>
          ) : header === "" ? (
            <span className="text-slate-500 italic">present, empty</span>
          ) : (
            <code className="block font-mono text-[13px] break-all text-slate-700">{header}</code>
          )}
        </Row>
        {explanation.algorithm !== null && <Row term="Algorithm">{explanation.algorithm}</Row>}
        {explanation.secret !== null && <Row term="Secret that matched">{explanation.secret}</Row>}
        {signature.subscriptionId !== null && (
          <Row term="Sent by">
            <Link
              href={`/deliveries?subscription=${signature.subscriptionId}`}
              className="text-indigo-700 hover:underline"
            >
              Every delivery of subscription <span className="font-mono">{signature.subscriptionId}</span>
            </Link>
          </Row>
        )}
      </dl>
    </section>
  );
}
