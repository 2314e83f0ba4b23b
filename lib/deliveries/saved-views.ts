import "server-only";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { FAILURE_VERDICTS } from "../receiver/signature/verdicts";
import { serializeDeliveryFilters } from "./filters";
import type { NewView, SavedView } from "./view-schemas";

// Every query of the SavedView table, and the three views that come with the app.

export const BUILT_IN_VIEWS: readonly SavedView[] = [
  {
    id: "signature-failures",
    name: "Signature failures",
    query: serializeDeliveryFilters({ verdict: [...FAILURE_VERDICTS] }),
    builtIn: true,
  },
  { id: "fetch-failed", name: "Fetch failed", query: serializeDeliveryFilters({ fetch: "failed" }), builtIn: true },
  {
    id: "forward-failed",
    name: "Forward failed",
    query: serializeDeliveryFilters({ forward: "failed" }),
    builtIn: true,
  },
];

function viewOf(row: { id: number; name: string; query: string }): SavedView {
  return { id: String(row.id), name: row.name, query: row.query, builtIn: false };
}

/** The built-in views, then the saved ones in the order they were saved. */
export async function listViews(): Promise<SavedView[]> {
  const rows = await db.savedView.findMany({ orderBy: { id: "asc" } });
  return [...BUILT_IN_VIEWS, ...rows.map(viewOf)];
}

export async function createView(view: NewView): Promise<SavedView> {
  const taken =
    BUILT_IN_VIEWS.some((builtIn) => builtIn.name.toLowerCase() === view.name.toLowerCase()) ||
    (await db.savedView.findUnique({ where: { name: view.name }, select: { id: true } })) !== null;
  if (taken) throw new DomainError("conflict", `A view named "${view.name}" already exists`);
  return viewOf(await db.savedView.create({ data: { name: view.name, query: view.query } }));
}

export async function deleteView(id: string): Promise<void> {
  if (BUILT_IN_VIEWS.some((view) => view.id === id)) {
    throw new DomainError("forbidden", "Built-in views cannot be deleted");
  }
  const rowId = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : Number.NaN;
  const { count } =
    Number.isSafeInteger(rowId) && rowId <= 2_147_483_647
      ? await db.savedView.deleteMany({ where: { id: rowId } })
      : { count: 0 };
  if (count === 0) throw new DomainError("not_found", `No view with id ${id}`);
}
