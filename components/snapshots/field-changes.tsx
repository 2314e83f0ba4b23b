import { Minus, MoveRight, Plus } from "lucide-react";
import type { FieldChange } from "@/lib/snapshots/schemas";

/** Long values are cut here: the JSON of the snapshot shows them whole. */
const MAX_VALUE_LENGTH = 160;

function formatValue(value: unknown): string {
  if (value === "") return "(empty)";
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** Accelo sends dates as unix timestamps in strings: say which moment a `date_*` field holds. */
function dateTitle(path: string, value: unknown): string | undefined {
  if (!/(^|\.)date_\w+$/.test(path) || typeof value !== "string" || !/^\d{9,11}$/.test(value)) return undefined;
  return new Date(Number(value) * 1000).toISOString();
}

function Value({ path, value, tone }: { path: string; value: unknown; tone: "before" | "after" }) {
  return (
    <span
      title={dateTitle(path, value)}
      className={
        tone === "before"
          ? "rounded bg-red-50 px-1 font-mono text-red-900 line-through decoration-red-400"
          : "rounded bg-emerald-50 px-1 font-mono text-emerald-900"
      }
    >
      {formatValue(value)}
    </span>
  );
}

/** Changes of an object's fields, one per line: `status: open → closed`. */
export function FieldChanges({ changes, empty }: { changes: FieldChange[]; empty: string }) {
  if (changes.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ul aria-label="Field changes" className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
      {changes.map((change) => (
        <li
          key={`${change.kind}:${change.path}`}
          data-change={change.kind}
          className="flex flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2 text-sm"
        >
          {change.kind === "added" && <Plus aria-label="added" className="size-4 text-emerald-600" />}
          {change.kind === "removed" && <Minus aria-label="removed" className="size-4 text-red-600" />}
          <span className="font-mono font-medium text-slate-900">{change.path}:</span>
          {change.kind === "changed" && (
            <>
              <Value path={change.path} value={change.before} tone="before" />
              <MoveRight aria-label="became" className="size-4 text-slate-400" />
              <Value path={change.path} value={change.after} tone="after" />
            </>
          )}
          {change.kind === "added" && <Value path={change.path} value={change.after} tone="after" />}
          {change.kind === "removed" && <Value path={change.path} value={change.before} tone="before" />}
        </li>
      ))}
    </ul>
  );
}
