"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createdSubscriptionSchema,
  type NewSubscription,
  sendTestResultSchema,
  subscriptionsPageSchema,
} from "../subscriptions/schemas";
import { fetchJson, noContent } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/subscriptions: two requests of the API budget, so kept fresh for half a minute. */
export function useSubscriptions() {
  return useQuery({
    queryKey: queryKeys.subscriptions.overview(),
    queryFn: ({ signal }) => fetchJson("/api/subscriptions", subscriptionsPageSchema, { signal }),
    staleTime: 30_000,
  });
}

/** POST /api/subscriptions */
export function useCreateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscription: NewSubscription) =>
      fetchJson("/api/subscriptions", createdSubscriptionSchema, { method: "POST", body: subscription }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.subscriptions.overview() }),
  });
}

/** DELETE /api/subscriptions/{id} */
export function useDeleteSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson(`/api/subscriptions/${id}`, noContent, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.subscriptions.overview() }),
  });
}

/** POST /api/subscriptions/{id}/dispatch: a delivery arrives, so the list and the counts change. */
export function useSendTest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (objectId: string) =>
      fetchJson(`/api/subscriptions/${id}/dispatch`, sendTestResultSchema, { method: "POST", body: { objectId } }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.subscriptions.overview() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.deliveries.lists() }),
      ]),
  });
}
