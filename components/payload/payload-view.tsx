"use client";

import clsx from "clsx";
import { useId, useState } from "react";
import type { DeliveryDetail } from "@/lib/deliveries/get-delivery";
import { CopyButton } from "../ui/copy-button";
import { FormFieldsTable } from "./form-fields-table";
import { JsonTree } from "./json-tree";
import { RawBody } from "./raw-body";

type View = "fields" | "tree" | "raw";

const VIEW_LABEL: Record<View, string> = { fields: "Form fields", tree: "JSON tree", raw: "Raw body" };

/** The body three ways: decoded form fields, a JSON tree of the parsed payload, the exact bytes. */
export function PayloadView({ body }: { body: DeliveryDetail["body"] }) {
  const { payloadJson } = body;
  const views: View[] = [
    ...(body.format === "form" && payloadJson !== null ? (["fields"] as const) : []),
    ...(payloadJson !== null ? (["tree"] as const) : []),
    "raw",
  ];
  const [view, setView] = useState<View>(views[0]);
  const baseId = useId();

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 pb-3">
        <div role="tablist" aria-label="Payload view" className="inline-flex rounded-lg bg-slate-100 p-0.5">
          {views.map((each) => (
            <button
              key={each}
              type="button"
              role="tab"
              id={`${baseId}-${each}-tab`}
              aria-selected={view === each}
              aria-controls={`${baseId}-${each}`}
              onClick={() => setView(each)}
              className={clsx(
                "rounded-md px-3 py-1 text-xs font-medium transition",
                view === each ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900",
              )}
            >
              {VIEW_LABEL[each]}
            </button>
          ))}
        </div>
        <div className="flex gap-2">
          {payloadJson !== null && <CopyButton text={payloadJson} label="Copy payload" />}
          <CopyButton
            text={body.text ?? body.base64}
            label={body.text === null ? "Copy body as base64" : "Copy raw body"}
          />
        </div>
      </div>
      <div role="tabpanel" id={`${baseId}-${view}`} aria-labelledby={`${baseId}-${view}-tab`} className="pt-4">
        {view === "fields" && payloadJson !== null && <FormFieldsTable payloadJson={payloadJson} />}
        {view === "tree" && payloadJson !== null && <JsonTree json={payloadJson} />}
        {view === "raw" && <RawBody text={body.text} base64={body.base64} storedBytes={body.storedBytes} />}
      </div>
    </div>
  );
}
