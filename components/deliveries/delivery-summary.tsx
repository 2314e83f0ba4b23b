import clsx from "clsx";
import Link from "next/link";
import type { ReactNode } from "react";
import type { DeliveryDetail } from "@/lib/deliveries/get-delivery";
import { exactTime } from "../ui/received-at";

const FORMAT_LABEL: Record<DeliveryDetail["body"]["format"], string> = {
  json: "JSON",
  form: "form (URL-encoded)",
  empty: "empty",
  unparsed: "not parsed",
};

function Field({ term, children, wide }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={clsx("min-w-0", wide && "sm:col-span-2")}>
      <dt className="text-xs font-medium text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

function Missing({ children }: { children: ReactNode }) {
  return <span className="text-slate-400 italic">{children}</span>;
}

function bytes(count: number): string {
  return `${count.toLocaleString("en")} ${count === 1 ? "byte" : "bytes"}`;
}

function statusTone(status: number): string {
  if (status < 300) return "bg-emerald-50 text-emerald-800 ring-emerald-600/20";
  if (status < 500) return "bg-amber-50 text-amber-900 ring-amber-600/30";
  return "bg-red-50 text-red-800 ring-red-600/30";
}

export function ResponseStatus({ status }: { status: number }) {
  return (
    <span
      className={clsx("rounded-md px-1.5 py-0.5 font-mono text-xs font-medium ring-1 ring-inset", statusTone(status))}
    >
      {status}
    </span>
  );
}

/** What arrived, from where, what it names, and what the receiver made of it. */
export function DeliverySummary({ delivery }: { delivery: DeliveryDetail }) {
  const { body } = delivery;
  return (
    <section aria-labelledby="summary-heading" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field term="Event">
          {delivery.eventId ? (
            <span className="font-mono">{delivery.eventId}</span>
          ) : (
            <Missing>no X-Accelo-Event</Missing>
          )}
        </Field>
        <Field term="Object id">
          {delivery.objectId ? (
            <span className="font-mono">{delivery.objectId}</span>
          ) : (
            <Missing>none in the body</Missing>
          )}
        </Field>
        <Field term="Resource">
          {delivery.resourceType ? (
            <span className="font-mono">
              {delivery.resourceType} #{delivery.resourceId}
            </span>
          ) : (
            <Missing>none</Missing>
          )}
        </Field>
        <Field term="Resource URL" wide>
          {/* Shown as text, never a link: it came from the body, which anyone could have sent. */}
          {delivery.resourceUrl ? (
            <span className="font-mono text-[13px] break-all">{delivery.resourceUrl}</span>
          ) : (
            <Missing>none in the body</Missing>
          )}
        </Field>
        <Field term="Received">{exactTime(delivery.receivedAt)}</Field>
        <Field term="Request">
          <span className="font-mono text-[13px] break-all">
            {delivery.method} {delivery.url}
          </span>
        </Field>
        <Field term="From">
          {delivery.remoteAddress ? (
            <span className="font-mono">{delivery.remoteAddress}</span>
          ) : (
            <Missing>unknown</Missing>
          )}
        </Field>
        <Field term="We answered">
          <ResponseStatus status={delivery.responseStatus} />
        </Field>
        <Field term="Content-Type">
          {body.contentType ? (
            <span className="font-mono text-[13px] break-all">{body.contentType}</span>
          ) : (
            <Missing>none</Missing>
          )}
          {body.contentTypeSniffed && (
            <span className="mt-1 block text-xs text-amber-800">
              {body.contentType ? "Did not match the body" : "Missing"}, so the body was read as{" "}
              {FORMAT_LABEL[body.format]}
            </span>
          )}
        </Field>
        <Field term="Body">
          {bytes(body.size)}, {FORMAT_LABEL[body.format]}
          {body.oversized && (
            <span className="mt-1 block text-xs text-amber-800">
              Over the size limit: the first {bytes(body.storedBytes)} were kept
            </span>
          )}
        </Field>
        {delivery.duplicateOfId !== null && (
          <Field term="Duplicate of">
            <Link href={`/deliveries/${delivery.duplicateOfId}`} className="font-medium text-sky-700 hover:underline">
              #{delivery.duplicateOfId}
            </Link>{" "}
            <span className="text-xs text-slate-500">same event and body, sent again</span>
          </Field>
        )}
        {body.parseError !== null && (
          <Field term="Could not read the body" wide>
            <span className="text-red-700">{body.parseError}</span>
          </Field>
        )}
      </dl>
    </section>
  );
}
