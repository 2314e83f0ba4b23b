import "server-only";
import { type BackgroundLoop, backoffMs, newWorkerId, startBackgroundLoop } from "../background/loop";
import { DomainError } from "../errors";
import { UnsealError } from "../secrets/seal";
import { channelView, findChannelRecord, noteChannelOutcome, openChannel } from "./channels";
import { alertsConfig } from "./config";
import { evaluateAlertRules } from "./evaluate";
import { findIncident } from "./incidents";
import { type AlertMessage, absoluteLink } from "./message";
import { type ClaimedNotification, claimDueNotifications, settleNotification } from "./notifications";
import type { ChannelTestResult } from "./schemas";
import { sendToChannel } from "./send";

/** Tries of one notification before it is given up; with the backoff below, about 8 minutes in all. */
export const MAX_NOTIFICATION_ATTEMPTS = 5;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 5 * 60_000;
const SEND_BATCH = 10;
/** How often owed notifications are looked for, whatever the evaluation interval. */
const POLL_MS = 1_000;

async function messageOf(notification: ClaimedNotification): Promise<AlertMessage | null> {
  const incident = await findIncident(notification.incidentId);
  if (!incident) return null;
  return {
    event: notification.event,
    rule: { id: incident.ruleId, name: incident.rule.name, kind: incident.rule.kind },
    incident: {
      id: incident.id,
      openedAt: incident.openedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    },
    summary:
      notification.event === "resolved" && incident.resolvedAt
        ? `Resolved after ${durationWords(incident.resolvedAt.getTime() - incident.openedAt.getTime())}. When it opened: ${incident.summary}`
        : incident.summary,
    count: incident.count,
    reasons: JSON.parse(incident.reasons) as string[],
    link: absoluteLink(incident.link, alertsConfig().publicUrl),
  };
}

function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const sealedElsewhere = (error: UnsealError) =>
  `Its target was sealed with another key (${error.message}): delete the channel and add it again.`;

async function sendOne(notification: ClaimedNotification, workerId: string, now: () => Date): Promise<void> {
  let channel: Awaited<ReturnType<typeof openChannel>>;
  try {
    channel = await openChannel(notification.channelId);
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    const words = sealedElsewhere(error);
    await settleNotification(notification, workerId, { status: "failed", error: words });
    await noteChannelOutcome(notification.channelId, words, now());
    return;
  }
  const message = await messageOf(notification);
  if (!channel || !message) {
    await settleNotification(notification, workerId, { status: "failed", error: "Its channel or incident is gone" });
    return;
  }
  const outcome = await sendToChannel(channel, message);
  const at = now();
  if (outcome.kind === "sent") {
    await settleNotification(notification, workerId, { status: "sent", at });
    await noteChannelOutcome(channel.id, null, at);
    return;
  }
  const attempts = notification.attempts + 1;
  const error = `${outcome.detail} (attempt ${attempts} of ${MAX_NOTIFICATION_ATTEMPTS})`;
  await settleNotification(
    notification,
    workerId,
    outcome.retryable && attempts < MAX_NOTIFICATION_ATTEMPTS
      ? { status: "pending", retryAt: new Date(at.getTime() + backoffMs(attempts, RETRY_BASE_MS, RETRY_MAX_MS)), error }
      : { status: "failed", error },
  );
  await noteChannelOutcome(channel.id, error, at);
}

/** Sends what is owed and due; returns how many notifications it tried. */
export async function sendDueNotifications(workerId: string, now: () => Date = () => new Date()): Promise<number> {
  const claimed = await claimDueNotifications(workerId, SEND_BATCH, now());
  await Promise.all(claimed.map((notification) => sendOne(notification, workerId, now)));
  return claimed.length;
}

/** "Send test": one message through the channel now, its outcome answered and kept as its last error or success. */
export async function sendTestNotification(channelId: number, now = new Date()): Promise<ChannelTestResult> {
  const channel = await openChannel(channelId).catch((error: unknown) => {
    throw error instanceof UnsealError ? new DomainError("conflict", sealedElsewhere(error)) : error;
  });
  if (!channel) throw new DomainError("not_found", `No channel with id ${channelId}`);
  const outcome = await sendToChannel(channel, {
    event: "test",
    rule: null,
    incident: null,
    summary: `A test from the Accelo Webhook Monitor to the channel "${channel.name}": alerts will arrive here.`,
    count: null,
    reasons: [],
    link: absoluteLink("/settings/alerts", alertsConfig().publicUrl),
  });
  await noteChannelOutcome(channelId, outcome.kind === "sent" ? null : outcome.detail, now);
  const record = await findChannelRecord(channelId);
  if (!record) throw new DomainError("not_found", `No channel with id ${channelId}`);
  return { ok: outcome.kind === "sent", detail: outcome.detail, channel: channelView(record) };
}

/**
 * Runs alerts in this process: owed notifications every second, and every rule each
 * ALERT_EVALUATION_INTERVAL_SECONDS. Every instance runs it; incidents and claims make sure each
 * condition is notified once and each message sent once.
 */
export function startAlertWorker(): BackgroundLoop {
  const id = newWorkerId();
  const { evaluationIntervalMs } = alertsConfig();
  let nextEvaluation = 0;
  return startBackgroundLoop({
    id,
    label: "[alerts] worker",
    pollMs: Math.min(POLL_MS, evaluationIntervalMs),
    step: async () => {
      if (Date.now() >= nextEvaluation) {
        nextEvaluation = Date.now() + evaluationIntervalMs;
        await evaluateAlertRules();
      }
      return (await sendDueNotifications(id)) > 0;
    },
  });
}
