"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiTokenListSchema, createdApiTokenSchema, type NewApiToken, sessionListSchema } from "../auth/schemas";
import { fetchJson, noContent } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/sessions: every browser signed in, this one marked. */
export function useSessions() {
  return useQuery({
    queryKey: queryKeys.account.sessions(),
    queryFn: ({ signal }) => fetchJson("/api/sessions", sessionListSchema, { signal }),
  });
}

/** DELETE /api/sessions/{id}: ends one session, wherever its cookie is. */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson(`/api/sessions/${id}`, noContent, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.account.sessions() }),
  });
}

/** DELETE /api/sessions: signs out everywhere; the page then goes to sign in, so nothing is refetched. */
export function useEndAllSessions() {
  return useMutation({
    mutationFn: () => fetchJson("/api/sessions", z.object({ ended: z.number() }), { method: "DELETE" }),
  });
}

/** POST /api/auth/password: every session ends, this browser gets a new one. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passwords: { currentPassword: string; newPassword: string }) =>
      fetchJson("/api/auth/password", z.object({ endedSessions: z.number() }), { method: "POST", body: passwords }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account.sessions() }),
  });
}

/** GET /api/tokens */
export function useApiTokens() {
  return useQuery({
    queryKey: queryKeys.account.tokens(),
    queryFn: ({ signal }) => fetchJson("/api/tokens", apiTokenListSchema, { signal }),
  });
}

/** POST /api/tokens: the answer holds the token's value, the only time it is shown. */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: NewApiToken) =>
      fetchJson("/api/tokens", createdApiTokenSchema, { method: "POST", body: token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account.tokens() }),
  });
}

/** DELETE /api/tokens/{id} */
export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson(`/api/tokens/${id}`, noContent, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.account.tokens() }),
  });
}
