import "server-only";
import { budgetUse } from "../accelo/budget";
import type { AcceloConfig } from "../accelo/config";
import { tokenExpiryWarning } from "../accelo/connection";
import { explainFetchReason } from "../accelo/fetch-reasons";
import { serializeDeliveryFilters } from "../deliveries/filters";
import {
  countDeliveriesWithVerdicts,
  idRangeForTimeWindow,
  lastDeliveryReceivedAt,
  recentVerdictSources,
} from "../deliveries/queries";
import { FAILURE_VERDICTS } from "../receiver/signature/verdicts";
import type { SignatureReason } from "../receiver/signature/verify";
import { fetchErrorCountsSince } from "../snapshots/queries";
import { subscriptionAlerts } from "../subscriptions/watch";
import type { Finding } from "./incidents";
import type { RuleCondition } from "./schemas";

// Whether each kind of rule's condition holds now, and if so what to say: a sentence, how often,
// the reasons in words and the delivery list filtered to what it is about. Every count reads an
// index (see models.prisma): a rule costs the same over 10 million deliveries as over ten.

export interface EvaluationContext {
  now: Date;
  /** The Accelo API settings, for the budget rule; undefined when no API is set. */
  accelo: AcceloConfig | undefined;
  /** When the rule was made: "no delivery for H hours" counts from then on a fresh install. */
  ruleCreatedAt: Date;
}

/** Failures whose reasons and sources are read for the words: enough to name the main ones. */
const REASON_SAMPLE = 500;
const MAX_REASONS = 5;
const MINUTE_MS = 60_000;

const SIGNATURE_REASON_WORDS: Record<SignatureReason, string> = {
  no_secret_matches: "the digest matches none of the secrets set here (a wrong or rotated secret)",
  wrong_length: "the digest has the wrong length for any algorithm",
  not_hex: "the digest is not hex",
  unknown_prefix: "the header names an unknown algorithm",
  multiple_headers: "several X-Hub-Signature headers arrived",
  empty: "the X-Hub-Signature header was empty",
  body_not_read: "the body was too large to check",
};

function signatureReasonWords(verdict: string, reason: string | null): string {
  if (verdict === "missing") return "no X-Hub-Signature header although a secret is set";
  return SIGNATURE_REASON_WORDS[reason as SignatureReason] ?? `invalid (${reason ?? "no reason stored"})`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
const deliveries = (count: number, eventId: string | null = null) =>
  `${count} ${eventId === null ? "" : `${eventId} `}deliver${count === 1 ? "y" : "ies"}`;
const minutesWords = (minutes: number) => (minutes === 1 ? "minute" : `${minutes} minutes`);

/** "12 × reason, from 203.0.113.5", most frequent first. */
function rankReasons(keys: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_REASONS)
    .map(([key, count]) => `${count} × ${key}`);
}

async function signatureFailures(
  { threshold, windowMinutes, eventId }: { threshold: number; windowMinutes: number; eventId: string | null },
  now: Date,
): Promise<Finding | null> {
  const since = new Date(now.getTime() - windowMinutes * MINUTE_MS);
  const range = await idRangeForTimeWindow({ from: since });
  if (!range) return null;
  const count = await countDeliveriesWithVerdicts(FAILURE_VERDICTS, range.above, { eventId });
  if (count < threshold) return null;
  const sample = await recentVerdictSources(FAILURE_VERDICTS, range.above, REASON_SAMPLE, eventId);
  return {
    summary: `${deliveries(count, eventId)} failed the signature check in the last ${minutesWords(windowMinutes)} (threshold ${threshold})`,
    count,
    reasons: rankReasons(
      sample.map(
        (row) =>
          `${signatureReasonWords(row.signatureVerdict, row.signatureReason)}, from ${row.remoteAddress ?? "an unknown source"}`,
      ),
    ),
    link: `/deliveries?${serializeDeliveryFilters({ event: eventId ?? undefined, verdict: [...FAILURE_VERDICTS], from: since.toISOString() })}`,
  };
}

async function noDeliveries(
  hours: number,
  eventId: string | null,
  context: EvaluationContext,
): Promise<Finding | null> {
  const last = await lastDeliveryReceivedAt(eventId);
  const quietSince = last && last > context.ruleCreatedAt ? last : context.ruleCreatedAt;
  const quietMs = context.now.getTime() - quietSince.getTime();
  if (quietMs < hours * 3600_000) return null;
  const what = eventId === null ? "No delivery" : `No ${eventId} delivery`;
  return {
    summary: `${what} for ${Math.floor(quietMs / 3600_000)} h ${Math.floor((quietMs % 3600_000) / MINUTE_MS)} min (limit ${hours} h)`,
    count: null,
    reasons: [
      last
        ? `the last one arrived at ${last.toISOString()}`
        : "none has arrived since the rule was made; check the subscriptions under Settings",
    ],
    link: `/deliveries${eventId === null ? "" : `?${serializeDeliveryFilters({ event: eventId })}`}`,
  };
}

async function fetchFailures(threshold: number, windowMinutes: number, now: Date): Promise<Finding | null> {
  const since = new Date(now.getTime() - windowMinutes * MINUTE_MS);
  const byCode = await fetchErrorCountsSince(since);
  const count = [...byCode.values()].reduce((sum, n) => sum + n, 0);
  if (count < threshold) return null;
  return {
    summary: `${count} snapshot fetch${count === 1 ? "" : "es"} failed in the last ${minutesWords(windowMinutes)} (threshold ${threshold})`,
    count,
    reasons: [...byCode]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_REASONS)
      .map(([code, n]) => `${n} × ${explainFetchReason(code)}`),
    link: `/deliveries?${serializeDeliveryFilters({ from: since.toISOString() })}`,
  };
}

async function apiBudget(percent: number, context: EvaluationContext): Promise<Finding | null> {
  if (!context.accelo) return null;
  const { used, windowEndsAt, blockedUntil } = await budgetUse(context.accelo.apiOrigin, context.now);
  const share = Math.floor((used / context.accelo.hourlyBudget) * 100);
  if (share < percent) return null;
  return {
    summary: `${share} % of this hour's Accelo API budget is used (${used} of ${context.accelo.hourlyBudget}; limit ${percent} %)`,
    count: used,
    reasons: [
      windowEndsAt ? `the window resets at ${windowEndsAt.toISOString()}` : "the window has ended",
      ...(blockedUntil ? [`Accelo rate-limited this app until ${blockedUntil.toISOString()}`] : []),
    ],
    link: "/settings",
  };
}

async function subscriptionVanished(): Promise<Finding | null> {
  const { vanished } = await subscriptionAlerts();
  if (vanished.length === 0) return null;
  return {
    summary: `${plural(vanished.length, "subscription")} made here vanished from Accelo: no delivery of ${vanished.length === 1 ? "its event" : "their events"} will come`,
    count: vanished.length,
    reasons: vanished.map(
      (subscription) =>
        `${subscription.eventId} (${subscription.id}) missing since ${subscription.vanishedAt}: Accelo deletes a subscription after repeated timeouts or a 410`,
    ),
    link: "/settings/subscriptions",
  };
}

async function secretOutOfStep(): Promise<Finding | null> {
  const { outOfStep } = await subscriptionAlerts();
  const [first] = outOfStep;
  if (!first) return null;
  return {
    summary: `${plural(outOfStep.length, "subscription")} sign with a secret this app does not hold`,
    count: outOfStep.reduce((sum, subscription) => sum + subscription.failures, 0),
    reasons: outOfStep.map(
      (subscription) =>
        `${subscription.eventId} (${subscription.id}): ${deliveries(subscription.failures)} failed the signature check in the last day`,
    ),
    link: `/deliveries?${serializeDeliveryFilters({ event: first.eventId, verdict: [...FAILURE_VERDICTS] })}`,
  };
}

function tokenExpiry(now: Date): Finding | null {
  const warning = tokenExpiryWarning(now);
  if (!warning) return null;
  const expired = warning.expiresAt.getTime() <= now.getTime();
  return {
    summary: expired
      ? "The Accelo API token has expired: snapshots have stopped"
      : `The Accelo API token expires at ${warning.expiresAt.toISOString()}: snapshots stop when it does`,
    count: null,
    reasons: ["renew it in Accelo and set ACCELO_ACCESS_TOKEN, or use a service application's client id and secret"],
    link: "/settings",
  };
}

/** The finding when the condition holds at `context.now`, null when it does not. */
export function evaluateCondition(condition: RuleCondition, context: EvaluationContext): Promise<Finding | null> {
  switch (condition.kind) {
    case "signature_failures":
      return signatureFailures(condition, context.now);
    case "no_deliveries":
      return noDeliveries(condition.hours, condition.eventId, context);
    case "fetch_failures":
      return fetchFailures(condition.threshold, condition.windowMinutes, context.now);
    case "api_budget":
      return apiBudget(condition.percent, context);
    case "subscription_vanished":
      return subscriptionVanished();
    case "secret_out_of_step":
      return secretOutOfStep();
    case "token_expiry":
      return Promise.resolve(tokenExpiry(context.now));
  }
}
