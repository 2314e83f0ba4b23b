import { z } from "zod";
import { DEFAULT_LIST_LIMIT, deliveryFiltersSchema, hasActiveFilters, serializeDeliveryFilters } from "./filters";

// What GET/POST /api/views take and answer: a view is a name and the list's query string.

export const savedViewSchema = z.object({
  /** A built-in view's name in words ("signature-failures"), or a saved view's row id. */
  id: z.string(),
  name: z.string(),
  /** The list's query string, without "?" or a page position: /deliveries?{query} shows it. */
  query: z.string(),
  /** One of the three that come with the app: it cannot be deleted. */
  builtIn: z.boolean(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListSchema = z.object({ views: z.array(savedViewSchema) });
export const oneSavedViewSchema = z.object({ view: savedViewSchema });

/** A list query in the one form the list writes it: checked filters, no cursor, no default limit. */
export function canonicalViewQuery(query: string) {
  const filters = deliveryFiltersSchema.safeParse(new URLSearchParams(query.replace(/^\?/, "")));
  if (!filters.success)
    return { kind: "error" as const, message: filters.error.issues[0]?.message ?? "Invalid filters" };
  if (!hasActiveFilters(filters.data))
    return { kind: "error" as const, message: "Choose a filter before saving a view" };
  return {
    kind: "ok" as const,
    query: serializeDeliveryFilters({ ...filters.data, cursor: undefined, limit: DEFAULT_LIST_LIMIT }),
  };
}

export const newViewSchema = z.object({
  name: z.string().trim().min(1, "Give the view a name").max(60),
  query: z
    .string()
    .max(2000)
    .transform((query, context) => {
      const canonical = canonicalViewQuery(query);
      if (canonical.kind === "ok") return canonical.query;
      context.addIssue({ code: "custom", message: canonical.message });
      return z.NEVER;
    }),
});
export type NewView = z.output<typeof newViewSchema>;

export const viewIdParamsSchema = z.object({ id: z.string().min(1).max(100) });
