"use client";

import { Bookmark, Trash2 } from "lucide-react";
import { useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  DEFAULT_LIST_LIMIT,
  type DeliveryFilters,
  hasActiveFilters,
  serializeDeliveryFilters,
} from "@/lib/deliveries/filters";
import { useCreateView, useDeleteView, useViews } from "@/lib/query/use-views";

/** Names the list's filters as a saved view, or says which view they are and lets it go. */
export function ViewControls({ filters }: { filters: DeliveryFilters }) {
  const views = useViews();
  const createView = useCreateView();
  const deleteView = useDeleteView();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const query = serializeDeliveryFilters({ ...filters, cursor: undefined, limit: DEFAULT_LIST_LIMIT });
  const current = views.data?.find((view) => view.query === query);

  if (current) {
    return (
      <div className="flex items-center gap-2 text-sm text-slate-600">
        <Bookmark aria-hidden className="size-4 text-indigo-600" />
        <span>
          View <span className="font-medium text-slate-900">{current.name}</span>
          {current.builtIn && " (built in)"}
        </span>
        {!current.builtIn && (
          <button
            type="button"
            onClick={() => deleteView.mutate(current.id)}
            disabled={deleteView.isPending}
            className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-red-700"
          >
            <Trash2 aria-hidden className="size-4" />
            Delete view
          </button>
        )}
      </div>
    );
  }
  if (!hasActiveFilters(filters)) return null;
  if (!naming) {
    return (
      <button type="button" onClick={() => setNaming(true)} className={SECONDARY_BUTTON}>
        <Bookmark aria-hidden className="mr-1 inline size-4" />
        Save as view
      </button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        createView.mutate(
          { name, query },
          {
            onSuccess: () => {
              setNaming(false);
              setName("");
            },
          },
        );
      }}
    >
      <label className="text-sm text-slate-600" htmlFor="view-name">
        View name
      </label>
      <input
        id="view-name"
        value={name}
        maxLength={60}
        onChange={(event) => setName(event.target.value)}
        className={INPUT}
      />
      <SubmitButton disabled={createView.isPending || !name.trim()} className={PRIMARY_BUTTON}>
        Save view
      </SubmitButton>
      <button type="button" onClick={() => setNaming(false)} className={SECONDARY_BUTTON}>
        Cancel
      </button>
      {createView.isError && (
        <p role="alert" className="text-sm text-red-700">
          {createView.error.message}
        </p>
      )}
    </form>
  );
}
