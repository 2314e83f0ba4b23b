"use client";

import { useQuery } from "@tanstack/react-query";
import { connectionViewSchema } from "../accelo/schemas";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/accelo/connection, looked at again every minute while the panel is open. */
export function useAcceloConnection() {
  return useQuery({
    queryKey: queryKeys.accelo.connection(),
    queryFn: ({ signal }) => fetchJson("/api/accelo/connection", connectionViewSchema, { signal }),
    refetchInterval: 60_000,
  });
}
