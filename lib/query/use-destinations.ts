"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  type DestinationChange,
  deliveryForwardingSchema,
  destinationListSchema,
  dryRunSchema,
  type NewDestination,
  oneDestinationSchema,
  oneReplaySchema,
  replayJobSchema,
} from "../forwarding/schemas";
import { fetchJson, noContent } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/destinations; refreshed every few seconds, since backlogs and rates move on their own. */
export function useDestinations() {
  return useQuery({
    queryKey: queryKeys.destinations.list(),
    queryFn: ({ signal }) => fetchJson("/api/destinations", destinationListSchema, { signal }),
    refetchInterval: 5_000,
  });
}

/** POST /api/destinations; the input as the form gives it, defaults filled by the server. */
export function useCreateDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (destination: Partial<NewDestination> & Pick<NewDestination, "name" | "url">) =>
      fetchJson("/api/destinations", oneDestinationSchema, { method: "POST", body: destination }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.destinations.list() }),
  });
}

/** PATCH /api/destinations/{id}: pause, resume, or change a field. */
export function useUpdateDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: DestinationChange }) =>
      fetchJson(`/api/destinations/${id}`, oneDestinationSchema, { method: "PATCH", body: change }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.destinations.list() }),
  });
}

/** DELETE /api/destinations/{id} */
export function useDeleteDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson(`/api/destinations/${id}`, noContent, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.destinations.list() }),
  });
}

/** GET /api/deliveries/{id}/attempts; looks again while an attempt is owed. */
export function useDeliveryForwarding(deliveryId: number) {
  return useQuery({
    queryKey: queryKeys.deliveries.forwarding(deliveryId),
    queryFn: ({ signal }) => fetchJson(`/api/deliveries/${deliveryId}/attempts`, deliveryForwardingSchema, { signal }),
    refetchInterval: (query) =>
      query.state.data?.destinations.some(({ status }) => status === "pending" || status === "running") ? 2_000 : false,
  });
}

/** POST /api/deliveries/{id}/replay: the attempts of this delivery and the destinations' backlogs change. */
export function useReplayDelivery(deliveryId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (destinationId: number) =>
      fetchJson(`/api/deliveries/${deliveryId}/replay`, replayJobSchema, {
        method: "POST",
        body: { destinationId },
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.deliveries.forwarding(deliveryId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.destinations.list() }),
      ]),
  });
}

/** POST /api/replays with dryRun: how many deliveries the list's filters match now. */
export function useReplayCount(filters: Record<string, unknown>, destinationId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.replays.count(filters, destinationId ?? 0),
    queryFn: ({ signal }) =>
      fetchJson("/api/replays", dryRunSchema, {
        signal,
        method: "POST",
        body: { filters, destinationId, dryRun: true },
      }),
    enabled: destinationId !== undefined,
  });
}

/** POST /api/replays: starts it; its progress is then read by useReplayProgress. */
export function useStartReplay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { filters: Record<string, unknown>; destinationId: number }) =>
      fetchJson("/api/replays", oneReplaySchema, { method: "POST", body: input }),
    onSuccess: ({ replay }) => queryClient.setQueryData(queryKeys.replays.progress(replay.id), { replay }),
  });
}

/** GET /api/replays/{id}, every second while it runs. */
export function useReplayProgress(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.replays.progress(id ?? 0),
    queryFn: ({ signal }) => fetchJson(`/api/replays/${id}`, oneReplaySchema, { signal }),
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data?.replay.state === "running" ? 1_000 : false),
  });
}

/** POST /api/replays/{id}/cancel */
export function useCancelReplay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson(`/api/replays/${id}/cancel`, oneReplaySchema, { method: "POST" }),
    onSuccess: ({ replay }) => queryClient.setQueryData(queryKeys.replays.progress(replay.id), { replay }),
  });
}
