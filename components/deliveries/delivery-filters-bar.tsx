"use client";

import clsx from "clsx";
import { Search, X } from "lucide-react";
import { useEffect, useEffectEvent, useId, useState } from "react";
import {
  type DeliveryFilters,
  hasActiveFilters,
  isTimeRangePreset,
  TIME_RANGE_PRESETS,
  type TimeRangePreset,
} from "@/lib/deliveries/filters";
import { SIGNATURE_VERDICTS } from "@/lib/receiver/signature/verdicts";
import type { SignatureVerdict } from "@/lib/receiver/signature/verify";
import { ExportLinks } from "./export-links";
import { SearchHelp } from "./search-help";
import { SignatureBadge } from "./signature-badge";

/** A filter change: the fields to set (undefined clears one). */
export type FilterChange = Partial<Omit<DeliveryFilters, "cursor" | "limit">>;

const TYPING_PAUSE_MS = 350;

const RANGE_LABELS: Record<TimeRangePreset, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

/**
 * A text filter that applies itself once typing pauses. It follows the URL when the URL changes
 * for another reason (a cleared filter, the back button), but not while it is what changed it.
 */
function TextFilter({
  label,
  value,
  placeholder,
  onCommit,
  icon,
  className,
  error,
}: {
  label: string;
  value: string | undefined;
  placeholder: string;
  onCommit: (value: string | undefined) => void;
  icon?: boolean;
  className?: string;
  /** Why the value cannot be used, shown under the field. */
  error?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? "");
  const [followed, setFollowed] = useState(value);
  if (followed !== value) {
    setFollowed(value);
    if (draft.trim() !== (value ?? "")) setDraft(value ?? "");
  }

  const commit = useEffectEvent(onCommit);
  useEffect(() => {
    const wanted = draft.trim() || undefined;
    if (wanted === value) return;
    const timer = setTimeout(() => commit(wanted), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);

  return (
    <div className={clsx("relative", className)}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      {icon && (
        <Search
          aria-hidden
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
        />
      )}
      <input
        id={id}
        type="search"
        value={draft}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onCommit(draft.trim() || undefined);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={clsx(
          "h-9 w-full rounded-md border-0 bg-white py-1.5 pr-2.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-500",
          error ? "ring-red-500" : "ring-slate-300",
          icon ? "pl-8" : "pl-2.5",
        )}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** datetime-local speaks the reader's local time without a zone; the URL keeps UTC instants. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

function TimeFilter({ filters, onChange }: { filters: DeliveryFilters; onChange: (change: FilterChange) => void }) {
  const hasCustom = Boolean(filters.from || filters.to);
  const [customOpen, setCustomOpen] = useState(hasCustom);
  // When the URL loses its window (cleared filters, the back button), the custom inputs go too.
  const [hadCustom, setHadCustom] = useState(hasCustom);
  if (hadCustom !== hasCustom) {
    setHadCustom(hasCustom);
    if (!hasCustom) setCustomOpen(false);
  }
  const showCustom = customOpen || hasCustom;
  const selected = filters.range ?? (showCustom ? "custom" : "");
  const inputClass =
    "h-9 rounded-md border-0 bg-white px-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-500";

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="delivery-time-range">
        Time range
      </label>
      <select
        id="delivery-time-range"
        value={selected}
        onChange={(event) => {
          const choice = event.target.value;
          setCustomOpen(choice === "custom");
          if (choice === "custom") onChange({ range: undefined });
          else onChange({ range: isTimeRangePreset(choice) ? choice : undefined, from: undefined, to: undefined });
        }}
        className={clsx(inputClass, "pr-8")}
      >
        <option value="">Any time</option>
        {(Object.keys(TIME_RANGE_PRESETS) as TimeRangePreset[]).map((preset) => (
          <option key={preset} value={preset}>
            {RANGE_LABELS[preset]}
          </option>
        ))}
        <option value="custom">Custom range…</option>
      </select>
      {showCustom && (
        <>
          <label className="flex items-center gap-1.5 text-xs text-slate-500">
            From
            <input
              type="datetime-local"
              aria-label="From"
              suppressHydrationWarning
              value={toLocalInput(filters.from)}
              onChange={(event) => onChange({ range: undefined, from: fromLocalInput(event.target.value) })}
              className={inputClass}
            />
          </label>
          <label className="flex items-center gap-1.5 text-xs text-slate-500">
            To
            <input
              type="datetime-local"
              aria-label="To"
              suppressHydrationWarning
              value={toLocalInput(filters.to)}
              onChange={(event) => onChange({ range: undefined, to: fromLocalInput(event.target.value) })}
              className={inputClass}
            />
          </label>
        </>
      )}
    </div>
  );
}

function VerdictFilter({
  chosen,
  onChange,
}: {
  chosen: SignatureVerdict[] | undefined;
  onChange: (change: FilterChange) => void;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-1.5">
      <legend className="sr-only">Signature</legend>
      <span aria-hidden className="mr-1 text-xs font-medium text-slate-500">
        Signature
      </span>
      {SIGNATURE_VERDICTS.map((verdict) => {
        const pressed = chosen?.includes(verdict) ?? false;
        return (
          <button
            key={verdict}
            type="button"
            aria-pressed={pressed}
            onClick={() => {
              const next = pressed ? (chosen ?? []).filter((v) => v !== verdict) : [...(chosen ?? []), verdict];
              onChange({ verdict: next.length > 0 ? SIGNATURE_VERDICTS.filter((v) => next.includes(v)) : undefined });
            }}
            className={clsx(
              "rounded-lg p-0.5 transition",
              pressed
                ? "bg-indigo-100 ring-2 ring-indigo-500"
                : "opacity-70 ring-1 ring-transparent hover:opacity-100 hover:ring-slate-300",
            )}
          >
            <SignatureBadge verdict={verdict} />
          </button>
        );
      })}
    </fieldset>
  );
}

/** The list's filters. Each change goes to the URL through onChange; nothing is kept here. */
export function DeliveryFiltersBar({
  filters,
  onChange,
  searchError,
}: {
  filters: DeliveryFilters;
  onChange: (change: FilterChange) => void;
  /** Why the search box's text cannot be read (lib/deliveries/search/parse.ts). */
  searchError?: string;
}) {
  return (
    <div className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-xs ring-1 ring-slate-200">
      <div className="flex flex-wrap items-start gap-2">
        <TextFilter
          label="Search object id, resource URL and body"
          placeholder="Search text, or id:123 resource_url:*quotes* header.x-accelo-event:assign_task…"
          value={filters.q}
          onCommit={(q) => onChange({ q })}
          icon
          className="min-w-64 flex-1"
          error={searchError}
        />
        <SearchHelp />
        <TextFilter
          label="Event id"
          placeholder="Event, e.g. assign_task"
          value={filters.event}
          onCommit={(event) => onChange({ event })}
          className="w-52"
        />
        <TextFilter
          label="Resource type"
          placeholder="Type, e.g. tasks"
          value={filters.type}
          onCommit={(type) => onChange({ type })}
          className="w-40"
        />
        {filters.subscription && (
          <span
            data-testid="subscription-filter"
            className="inline-flex h-9 items-center gap-1 rounded-md bg-indigo-50 pr-1 pl-2.5 text-sm text-indigo-900 ring-1 ring-indigo-600/20 ring-inset"
          >
            Subscription <span className="font-mono text-xs">{filters.subscription}</span>
            <button
              type="button"
              aria-label="Clear the subscription filter"
              onClick={() => onChange({ subscription: undefined })}
              className="rounded p-1 hover:bg-indigo-100"
            >
              <X aria-hidden className="size-3.5" />
            </button>
          </span>
        )}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <VerdictFilter chosen={filters.verdict} onChange={onChange} />
          <button
            type="button"
            aria-pressed={filters.forward === "failed"}
            onClick={() => onChange({ forward: filters.forward === "failed" ? undefined : "failed" })}
            className={clsx(
              "rounded-md px-2 py-1 text-xs font-medium ring-1",
              filters.forward === "failed"
                ? "bg-indigo-100 text-indigo-900 ring-2 ring-indigo-500"
                : "text-slate-600 ring-slate-300 hover:bg-slate-50",
            )}
          >
            Forward failed
          </button>
          <button
            type="button"
            aria-pressed={filters.fetch === "failed"}
            onClick={() => onChange({ fetch: filters.fetch === "failed" ? undefined : "failed" })}
            className={clsx(
              "rounded-md px-2 py-1 text-xs font-medium ring-1",
              filters.fetch === "failed"
                ? "bg-indigo-100 text-indigo-900 ring-2 ring-indigo-500"
                : "text-slate-600 ring-slate-300 hover:bg-slate-50",
            )}
          >
            Fetch failed
          </button>
          <TimeFilter filters={filters} onChange={onChange} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ExportLinks filters={filters} />
          {hasActiveFilters(filters) && (
            <button
              type="button"
              onClick={() =>
                onChange({
                  q: undefined,
                  event: undefined,
                  type: undefined,
                  subscription: undefined,
                  forward: undefined,
                  fetch: undefined,
                  verdict: undefined,
                  range: undefined,
                  from: undefined,
                  to: undefined,
                })
              }
              className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              <X aria-hidden className="size-4" />
              Clear filters
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
