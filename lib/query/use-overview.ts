"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type OverviewQuery, serializeOverviewQuery } from "../insights/overview-query";
import { type Overview, overviewSchema } from "../insights/schemas";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/overview: the figures of one range; the previous range stays shown while the next loads. */
export function useOverview(query: OverviewQuery, { initialData, pollMs }: { initialData?: Overview; pollMs: number }) {
  return useQuery({
    queryKey: queryKeys.overview.range(query),
    queryFn: ({ signal }) => fetchJson(`/api/overview?${serializeOverviewQuery(query)}`, overviewSchema, { signal }),
    initialData,
    placeholderData: keepPreviousData,
    refetchInterval: pollMs,
  });
}
