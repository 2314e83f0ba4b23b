"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  alertRulesPageSchema,
  type ChannelChange,
  channelListSchema,
  channelTestResultSchema,
  channelViewSchema,
  type newChannelSchema,
  type newRuleSchema,
  type RuleChange,
  ruleViewSchema,
} from "../alerts/schemas";
import { fetchJson, noContent } from "./fetch-json";
import { queryKeys } from "./keys";

/** GET /api/alert-rules: rules, their state and the latest incidents; looked at again every few seconds, as the loop moves them. */
export function useAlertRules() {
  return useQuery({
    queryKey: queryKeys.alerts.rules(),
    queryFn: ({ signal }) => fetchJson("/api/alert-rules", alertRulesPageSchema, { signal }),
    refetchInterval: 3_000,
  });
}

/** GET /api/channels; retries and errors change on their own, so it is looked at again too. */
export function useChannels() {
  return useQuery({
    queryKey: queryKeys.alerts.channels(),
    queryFn: ({ signal }) => fetchJson("/api/channels", channelListSchema, { signal }),
    refetchInterval: 5_000,
  });
}

const oneRule = z.object({ rule: ruleViewSchema });
const oneChannel = z.object({ channel: channelViewSchema });

/** POST /api/alert-rules */
export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: z.input<typeof newRuleSchema>) =>
      fetchJson("/api/alert-rules", oneRule, { method: "POST", body: rule }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.rules() }),
  });
}

/** PATCH /api/alert-rules/{id}: enable, disable, or change the condition. */
export function useUpdateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: RuleChange }) =>
      fetchJson(`/api/alert-rules/${id}`, oneRule, { method: "PATCH", body: change }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.rules() }),
  });
}

/** DELETE /api/alert-rules/{id}: its incidents go too. */
export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson(`/api/alert-rules/${id}`, noContent, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.rules() }),
  });
}

/** POST /api/channels */
export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channel: z.input<typeof newChannelSchema>) =>
      fetchJson("/api/channels", oneChannel, { method: "POST", body: channel }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.channels() }),
  });
}

/** PATCH /api/channels/{id} */
export function useUpdateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: ChannelChange }) =>
      fetchJson(`/api/channels/${id}`, oneChannel, { method: "PATCH", body: change }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.channels() }),
  });
}

/** DELETE /api/channels/{id} */
export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson(`/api/channels/${id}`, noContent, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.channels() }),
  });
}

/** POST /api/channels/{id}/test: the outcome is shown where the button is; the channel's last error changes. */
export function useTestChannel(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson(`/api/channels/${id}/test`, channelTestResultSchema, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.channels() }),
  });
}
