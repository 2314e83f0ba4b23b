"use client";

import clsx from "clsx";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DetailSection } from "@/components/ui/detail-section";
import { SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import type { IncidentView, RuleView } from "@/lib/alerts/schemas";
import { useAlertRules, useCreateRule, useDeleteRule, useUpdateRule } from "@/lib/query/use-alerts";
import { describeCondition, RULE_KIND_LABELS, RuleForm } from "./rule-form";

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTo(new Date(iso), new Date())}
    </time>
  );
}

function RuleItem({ rule }: { rule: RuleView }) {
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li className="py-3">
        <RuleForm
          rule={rule}
          pending={update.isPending}
          submitLabel="Save rule"
          onCancel={() => setEditing(false)}
          onSubmit={(change) => update.mutate({ id: rule.id, change }, { onSuccess: () => setEditing(false) })}
        />
        {update.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            Could not save: {update.error.message}
          </p>
        )}
      </li>
    );
  }
  return (
    <li className="grid gap-2 py-3 sm:grid-cols-[1fr_auto]" data-rule-id={rule.id}>
      <div className="min-w-0 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{rule.name}</span>
          <span className="text-xs text-slate-600">{RULE_KIND_LABELS[rule.condition.kind]}</span>
          <span
            data-testid="rule-state"
            className={clsx(
              "rounded px-1.5 py-0.5 text-xs ring-1",
              !rule.enabled
                ? "bg-slate-50 text-slate-700 ring-slate-400/30"
                : rule.firing
                  ? "bg-red-50 text-red-800 ring-red-600/20"
                  : "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
            )}
          >
            {!rule.enabled ? "Off" : rule.firing ? "Firing" : "Quiet"}
          </span>
          {rule.enabled && rule.firing && (
            <span className="text-xs text-red-800">
              since <When iso={rule.firing.openedAt} />
            </span>
          )}
        </div>
        <p className="text-xs text-slate-600">{describeCondition(rule.condition)}</p>
        {rule.firing && <p className="text-xs text-red-800">{rule.firing.summary}</p>}
      </div>
      <div className="flex items-start gap-2">
        <button
          type="button"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: rule.id, change: { enabled: !rule.enabled } })}
          className={SECONDARY_BUTTON}
        >
          {rule.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" onClick={() => setEditing(true)} className={SECONDARY_BUTTON}>
          Edit
        </button>
        <ConfirmButton
          label="Delete"
          confirmLabel="Delete rule"
          consequence="Its incidents go too."
          pending={remove.isPending}
          error={remove.error?.message}
          onConfirm={() => remove.mutate(rule.id)}
        />
      </div>
    </li>
  );
}

function IncidentItem({ incident }: { incident: IncidentView }) {
  return (
    <li className="py-2 text-sm" data-incident-id={incident.id}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{incident.ruleName}</span>
        <span className={incident.resolvedAt ? "text-xs text-emerald-800" : "text-xs text-red-800"}>
          {incident.resolvedAt ? (
            <>
              Resolved <When iso={incident.resolvedAt} />
            </>
          ) : (
            <>
              Open since <When iso={incident.openedAt} />
            </>
          )}
        </span>
      </div>
      <p className="text-xs text-slate-700">{incident.summary}</p>
      {incident.reasons.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-slate-600">
          {incident.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {incident.link && (
        <a href={incident.link} className="text-xs font-medium text-indigo-700 hover:underline">
          See the deliveries
        </a>
      )}
    </li>
  );
}

/** The rules with their state, a form for a new one, and the latest incidents. */
export function RulesSection() {
  const page = useAlertRules();
  const create = useCreateRule();
  return (
    <>
      <DetailSection
        id="rules"
        title="Rules"
        description="Evaluated every ALERT_EVALUATION_INTERVAL_SECONDS (a minute unless set). A rule notifies its channels once when its condition begins to hold, and once when it clears."
      >
        <RuleForm
          pending={create.isPending}
          submitLabel="Add rule"
          onSubmit={(input, form) => create.mutate(input, { onSuccess: () => form.reset() })}
        />
        {create.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            Could not add the rule: {create.error.message}
          </p>
        )}
        {page.isError && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            Could not list the rules: {page.error.message}
          </p>
        )}
        {page.data?.rules.length === 0 && <p className="mt-3 text-sm text-slate-500">No rule yet.</p>}
        <ul className="mt-3 divide-y divide-slate-100" aria-label="Rules">
          {page.data?.rules.map((rule) => (
            <RuleItem key={rule.id} rule={rule} />
          ))}
        </ul>
      </DetailSection>
      <DetailSection id="incidents" title="Recent incidents">
        {page.data?.incidents.length === 0 && <p className="text-sm text-slate-500">None yet.</p>}
        <ul className="divide-y divide-slate-100" aria-label="Incidents">
          {page.data?.incidents.map((incident) => (
            <IncidentItem key={incident.id} incident={incident} />
          ))}
        </ul>
      </DetailSection>
    </>
  );
}
