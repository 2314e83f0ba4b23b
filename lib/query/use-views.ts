"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { z } from "zod";
import { savedViewListSchema, savedViewSchema } from "../deliveries/view-schemas";
import { fetchJson, noContent } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/views: the built-in and saved views. */
export function useViews() {
  return useQuery({
    queryKey: queryKeys.views.list(),
    queryFn: async ({ signal }) => (await fetchJson("/api/views", savedViewListSchema, { signal })).views,
  });
}

/** After a change, the views list and the server-rendered navigation that pins them. */
function useViewsChanged() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.views.list() });
    router.refresh();
  };
}

const oneView = z.object({ view: savedViewSchema });

/** POST /api/views: saves the list's query string under a name. */
export function useCreateView() {
  const changed = useViewsChanged();
  return useMutation({
    mutationFn: async (view: { name: string; query: string }) =>
      (await fetchJson("/api/views", oneView, { method: "POST", body: view })).view,
    onSuccess: changed,
  });
}

/** DELETE /api/views/{id} */
export function useDeleteView() {
  const changed = useViewsChanged();
  return useMutation({
    mutationFn: (id: string) => fetchJson(`/api/views/${encodeURIComponent(id)}`, noContent, { method: "DELETE" }),
    onSettled: changed,
  });
}
