"use client";

import { Plus } from "lucide-react";
import { INPUT, PRIMARY_BUTTON } from "@/components/ui/form-styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { useCreateDestination } from "@/lib/query/use-destinations";

/** A destination: where verified deliveries go on to, with the events it takes. */
export function NewDestinationForm() {
  const create = useCreateDestination();
  return (
    <>
      <form
        aria-label="New destination"
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const events = String(form.get("events") ?? "")
            .split(",")
            .map((name) => name.trim())
            .filter(Boolean);
          const secret = String(form.get("secret") ?? "");
          create.mutate(
            {
              name: String(form.get("name")),
              url: String(form.get("url")),
              events: events.length > 0 ? events : null,
              includeFailedSignatures: form.get("includeFailedSignatures") === "on",
              secret: secret === "" ? null : secret,
              timeoutMs: Number(form.get("timeoutSeconds")) * 1000,
            },
            { onSuccess: () => (event.target as HTMLFormElement).reset() },
          );
        }}
      >
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Name
          <input name="name" required maxLength={100} placeholder="e.g. task router" className={INPUT} />
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          URL
          <input
            name="url"
            required
            type="url"
            placeholder="https://integration.example.com/accelo"
            className={INPUT}
          />
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Events (comma-separated; empty for all)
          <input name="events" placeholder="assign_task, update_request_status" className={INPUT} />
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Signing secret (optional, 16+ characters)
          <input name="secret" type="password" minLength={16} autoComplete="off" className={INPUT} />
        </label>
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Timeout
          <select name="timeoutSeconds" defaultValue="10" className={INPUT}>
            {[2, 5, 10, 20, 30].map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds} s
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 self-end text-sm text-slate-700">
          <input name="includeFailedSignatures" type="checkbox" className="size-4 rounded border-slate-300" />
          Also forward deliveries that failed the signature check
        </label>
        <div className="sm:col-span-2">
          <SubmitButton disabled={create.isPending} className={PRIMARY_BUTTON}>
            <Plus aria-hidden className="size-4" />
            Add destination
          </SubmitButton>
        </div>
      </form>
      {create.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not add the destination: {create.error.message}
        </p>
      )}
    </>
  );
}
