"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  type DeliverySnapshot,
  deliverySnapshotSchema,
  type ResourceKey,
  type ResourceTimeline,
  refreshResultSchema,
  resourceTimelineSchema,
  snapshotComparisonSchema,
} from "../snapshots/schemas";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/deliveries/{id}/snapshot, polled while the automatic fetch is still owed. */
export function useDeliverySnapshot(initialData: DeliverySnapshot, { pendingPollMs }: { pendingPollMs: number }) {
  const deliveryId = initialData.deliveryId;
  return useQuery({
    queryKey: queryKeys.snapshots.ofDelivery(deliveryId),
    queryFn: ({ signal }) => fetchJson(`/api/deliveries/${deliveryId}/snapshot`, deliverySnapshotSchema, { signal }),
    initialData,
    refetchInterval: (query) => {
      const kind = query.state.data?.automatic.kind;
      return kind === "pending" || kind === "running" ? pendingPollMs : false;
    },
  });
}

/**
 * POST /api/deliveries/{id}/refresh. Afterwards the delivery's snapshot section and the object's
 * timeline are read again, whether it succeeded or not: a failed fetch may have stored a snapshot
 * too (object gone, token rejected).
 */
export function useRefreshDelivery(deliveryId: number, resource: ResourceKey | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson(`/api/deliveries/${deliveryId}/refresh`, refreshResultSchema, { method: "POST" }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.snapshots.ofDelivery(deliveryId) }),
        resource &&
          queryClient.invalidateQueries({ queryKey: queryKeys.resources.timeline(resource.type, resource.id) }),
      ]),
  });
}

/** GET /api/resources/{type}/{id}: one object's deliveries and snapshots. */
export function useResourceTimeline(initialData: ResourceTimeline, { pollMs }: { pollMs: number }) {
  const { type, id } = initialData;
  return useQuery({
    queryKey: queryKeys.resources.timeline(type, id),
    queryFn: ({ signal }) => fetchJson(`/api/resources/${type}/${id}`, resourceTimelineSchema, { signal }),
    initialData,
    refetchInterval: pollMs,
  });
}

/** GET /api/resources/{type}/{id}/diff: two stored snapshots never change, so the answer never goes stale. */
export function useSnapshotComparison({ type, id }: ResourceKey, pair: { from: number; to: number }) {
  return useQuery({
    queryKey: queryKeys.snapshots.comparison(type, id, pair.from, pair.to),
    queryFn: ({ signal }) =>
      fetchJson(`/api/resources/${type}/${id}/diff?from=${pair.from}&to=${pair.to}`, snapshotComparisonSchema, {
        signal,
      }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
