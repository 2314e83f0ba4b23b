"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type DeliveryFilters, serializeDeliveryFilters } from "../deliveries/filters";
import {
  type DeliveryListPage,
  deliveryListPageSchema,
  type RecentFailures,
  recentFailuresSchema,
} from "../deliveries/schemas";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/deliveries: one page of the list; the previous page stays shown while the next loads. */
export function useDeliveryList(
  filters: DeliveryFilters,
  { initialData, pollMs }: { initialData?: DeliveryListPage; pollMs: number | false },
) {
  return useQuery({
    queryKey: queryKeys.deliveries.list(filters),
    queryFn: ({ signal }) =>
      fetchJson(`/api/deliveries?${serializeDeliveryFilters(filters)}`, deliveryListPageSchema, { signal }),
    initialData,
    placeholderData: keepPreviousData,
    refetchInterval: pollMs,
  });
}

/** GET /api/deliveries/recent-failures: the failures banner's count. */
export function useRecentFailures({ initialData, pollMs }: { initialData: RecentFailures; pollMs: number }) {
  return useQuery({
    queryKey: queryKeys.deliveries.recentFailures(),
    queryFn: ({ signal }) => fetchJson("/api/deliveries/recent-failures", recentFailuresSchema, { signal }),
    initialData,
    refetchInterval: pollMs,
  });
}
