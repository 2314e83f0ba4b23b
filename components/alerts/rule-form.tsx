"use client";

import { useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { RULE_KINDS, type RuleCondition, type RuleKind, type RuleView } from "@/lib/alerts/schemas";
import { useChannels } from "@/lib/query/use-alerts";

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  signature_failures: "Signature failures",
  no_deliveries: "No delivery",
  fetch_failures: "Snapshot fetch failures",
  api_budget: "Accelo API budget",
  subscription_vanished: "Subscription vanished",
  secret_out_of_step: "Subscription secret out of step",
  token_expiry: "Accelo token about to expire",
};

/** The condition in words, as the list shows it. */
export function describeCondition(condition: RuleCondition): string {
  switch (condition.kind) {
    case "signature_failures":
      return `${condition.threshold} or more ${condition.eventId ?? ""} deliveries fail the signature check within ${condition.windowMinutes} min`.replace(
        "  ",
        " ",
      );
    case "no_deliveries":
      return `No ${condition.eventId ?? ""} delivery for ${condition.hours} h`.replace("  ", " ");
    case "fetch_failures":
      return `${condition.threshold} or more snapshot fetches fail within ${condition.windowMinutes} min`;
    case "api_budget":
      return `${condition.percent} % or more of the hourly Accelo API budget is used`;
    case "subscription_vanished":
      return "A subscription made here vanishes from Accelo";
    case "secret_out_of_step":
      return "A subscription's deliveries fail the signature check (its secret is not the one set here)";
    case "token_expiry":
      return "The Accelo token expires within 7 days";
  }
}

function conditionFrom(kind: RuleKind, form: FormData): RuleCondition {
  const number = (name: string) => Number(form.get(name));
  const eventId = String(form.get("eventId") ?? "").trim() || null;
  switch (kind) {
    case "signature_failures":
      return { kind, threshold: number("threshold"), windowMinutes: number("windowMinutes"), eventId };
    case "fetch_failures":
      return { kind, threshold: number("threshold"), windowMinutes: number("windowMinutes") };
    case "no_deliveries":
      return { kind, hours: number("hours"), eventId };
    case "api_budget":
      return { kind, percent: number("percent") };
    default:
      return { kind };
  }
}

const numberInput = (name: string, label: string, value: number | undefined, min: number, step = 1) => (
  <label className="grid gap-1 text-sm font-medium text-slate-700">
    {label}
    <input name={name} type="number" required min={min} step={step} defaultValue={value} className={INPUT} />
  </label>
);

/** Creates a rule, or edits one when `rule` is given. */
export function RuleForm({
  rule,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  rule?: RuleView;
  pending: boolean;
  submitLabel: string;
  onSubmit: (
    input: { name: string; condition: RuleCondition; channels: number[] | null },
    form: HTMLFormElement,
  ) => void;
  onCancel?: () => void;
}) {
  const channels = useChannels();
  const [kind, setKind] = useState<RuleKind>(rule?.condition.kind ?? "signature_failures");
  const current = rule?.condition.kind === kind ? rule.condition : undefined;
  const field = <K extends string>(name: K): number | undefined =>
    current && name in current ? (current as Record<K, number>)[name] : undefined;
  return (
    <form
      aria-label={rule ? `Edit rule ${rule.name}` : "New rule"}
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const chosen = form.getAll("channels").map(Number);
        onSubmit(
          {
            name: String(form.get("name")),
            condition: conditionFrom(kind, form),
            channels: chosen.length > 0 ? chosen : null,
          },
          event.currentTarget,
        );
      }}
    >
      <label className="grid gap-1 text-sm font-medium text-slate-700">
        Name
        <input name="name" required maxLength={100} defaultValue={rule?.name} className={INPUT} />
      </label>
      <label className="grid gap-1 text-sm font-medium text-slate-700">
        When
        <select
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as RuleKind)}
          className={INPUT}
        >
          {RULE_KINDS.map((value) => (
            <option key={value} value={value}>
              {RULE_KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {(kind === "signature_failures" || kind === "fetch_failures") && (
        <>
          {numberInput("threshold", "At least (N)", field("threshold") ?? 10, 1)}
          {numberInput("windowMinutes", "Within minutes (M)", field("windowMinutes") ?? 15, 0.1, 0.1)}
        </>
      )}
      {kind === "no_deliveries" && numberInput("hours", "For hours (H)", field("hours") ?? 24, 0.01, 0.01)}
      {(kind === "signature_failures" || kind === "no_deliveries") && (
        <label className="grid gap-1 text-sm font-medium text-slate-700">
          Of the event (empty for any)
          <input
            name="eventId"
            maxLength={200}
            defaultValue={current && "eventId" in current ? (current.eventId ?? "") : ""}
            placeholder="assign_task"
            className={INPUT}
          />
        </label>
      )}
      {kind === "api_budget" && numberInput("percent", "Percent used (P)", field("percent") ?? 80, 1)}
      <fieldset className="grid gap-1 text-sm text-slate-700 sm:col-span-2">
        <legend className="font-medium">Channels (none chosen: every channel)</legend>
        <div className="flex flex-wrap gap-3">
          {channels.data?.channels.map((channel) => (
            <label key={channel.id} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                name="channels"
                value={channel.id}
                defaultChecked={rule?.channels?.includes(channel.id)}
                className="size-4 rounded border-slate-300"
              />
              {channel.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex gap-2 sm:col-span-2">
        <SubmitButton disabled={pending} className={PRIMARY_BUTTON}>
          {submitLabel}
        </SubmitButton>
        {onCancel && (
          <button type="button" onClick={onCancel} className={SECONDARY_BUTTON}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
