import "server-only";
import { z } from "zod";
import { budgetedAcceloClient } from "../accelo/api-client";
import { AcceloNotConfiguredError, acceloConfigFromEnv } from "../accelo/config";
import { AcceloApiError } from "../accelo/errors";
import { type AcceloSubscription, listSubscriptions } from "../accelo/subscriptions";
import { db } from "../db/client";
import { findSettingValue, replaceSetting, settingOrCreate, swapSetting } from "../db/settings";
import { failuresOf, lastDayAbove, subscriptionActivity } from "./activity";
import { subscriptionsConfig, targetsThisApp } from "./config";
import { outOfStepSchema, type SubscriptionAlerts } from "./schemas";
import { clearVanished, listSubscriptionRecords, listVanishedSubscriptions, markSubscriptionsVanished } from "./store";

// The watch compares Accelo's subscriptions with those made here. Accelo deletes a subscription
// after repeated timeouts, or at once on a 410, and says nothing: from then on no delivery comes,
// which looks exactly like a quiet day. Its state is kept in one setting, so every instance shows
// the same banner and only one of them asks Accelo in each interval.

const WATCH_SETTING = "subscriptions.watch";

const watchStateSchema = z.object({
  /** When an instance last took its turn to ask Accelo. */
  claimedAt: z.string().nullable(),
  /** When Accelo's list was last compared, by the watch or by a page that listed it. */
  checkedAt: z.string().nullable(),
  checkError: z.string().nullable(),
  outOfStep: z.array(outOfStepSchema),
});
type WatchState = z.infer<typeof watchStateSchema>;

const EMPTY_STATE: WatchState = { claimedAt: null, checkedAt: null, checkError: null, outOfStep: [] };

const intervalSchema = z.object({
  SUBSCRIPTION_WATCH_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
});

/** How often the watch asks Accelo, across all instances: 5 minutes unless set. */
export function watchIntervalMs(env: Record<string, string | undefined> = process.env): number {
  return intervalSchema.parse(env).SUBSCRIPTION_WATCH_INTERVAL_SECONDS * 1000;
}

function parseState(value: string): WatchState {
  try {
    return watchStateSchema.parse(JSON.parse(value));
  } catch {
    return EMPTY_STATE;
  }
}

async function readState(): Promise<{ raw: string; state: WatchState }> {
  const { value } = await settingOrCreate(db, WATCH_SETTING, async () => JSON.stringify(EMPTY_STATE));
  return { raw: value, state: parseState(value) };
}

async function writeState(change: Partial<WatchState>): Promise<void> {
  const { state } = await readState();
  await replaceSetting(db, WATCH_SETTING, JSON.stringify({ ...state, ...change }));
}

/**
 * Compares a list Accelo gave at `listedAt` with the subscriptions made here. A subscription
 * made after the list was asked for cannot be in it and is not taken for vanished.
 */
export async function reconcileWithAccelo(listed: readonly AcceloSubscription[], listedAt: Date, now = new Date()) {
  const listedIds = new Set(listed.map(({ subscription_id }) => subscription_id.toLowerCase()));
  const records = (await listSubscriptionRecords()).filter(({ deletedAt }) => deletedAt === null);
  await markSubscriptionsVanished(
    records.filter(({ id, createdAt }) => !listedIds.has(id) && createdAt < listedAt).map(({ id }) => id),
    now,
  );
  await clearVanished(records.filter(({ id, vanishedAt }) => vanishedAt && listedIds.has(id)).map(({ id }) => id));

  const { receiverUrl } = subscriptionsConfig();
  const madeHere = new Set(records.map(({ id }) => id));
  const dayAbove = await lastDayAbove(now);
  const outOfStep = [];
  for (const subscription of listed) {
    if (!targetsThisApp(subscription.trigger_url, receiverUrl)) continue;
    const id = subscription.subscription_id.toLowerCase();
    const mine = madeHere.has(id);
    const activity = await subscriptionActivity(
      { subscriptionId: mine ? id : null, eventId: subscription.event_id },
      dayAbove,
    );
    if (activity.secretOutOfStep) {
      outOfStep.push({ id, eventId: subscription.event_id, failures: failuresOf(activity.last24h), madeHere: mine });
    }
  }
  await writeState({ checkedAt: now.toISOString(), checkError: null, outOfStep });
}

/** Takes this interval's turn if no instance has: compare-and-set on the state just read. */
async function claimTurn(now: Date, intervalMs: number): Promise<boolean> {
  const { raw, state } = await readState();
  if (state.claimedAt && now.getTime() - Date.parse(state.claimedAt) < intervalMs) return false;
  return swapSetting(db, WATCH_SETTING, raw, JSON.stringify({ ...state, claimedAt: now.toISOString() }));
}

/** One round of the watch: asks Accelo for its list (one request of the shared budget) unless another instance just did. */
export async function runSubscriptionWatch(
  now = new Date(),
  intervalMs = watchIntervalMs(),
): Promise<"ran" | "skipped"> {
  if (!(await claimTurn(now, intervalMs))) return "skipped";
  try {
    const listedAt = new Date();
    await reconcileWithAccelo(await listSubscriptions(budgetedAcceloClient()), listedAt);
  } catch (error) {
    if (!(error instanceof AcceloApiError || error instanceof AcceloNotConfiguredError)) throw error;
    await writeState({ checkError: error.message });
  }
  return "ran";
}

/** What the banner on every page says; reads only this database, never Accelo. */
export async function subscriptionAlerts(): Promise<SubscriptionAlerts> {
  const [records, raw] = await Promise.all([listVanishedSubscriptions(), findSettingValue(db, WATCH_SETTING)]);
  const state = raw === undefined ? EMPTY_STATE : parseState(raw);
  return {
    vanished: records.map((record) => ({
      id: record.id,
      eventId: record.eventId,
      contentType: record.contentType,
      createdAt: record.createdAt.toISOString(),
      vanishedAt: record.vanishedAt.toISOString(),
    })),
    outOfStep: state.outOfStep,
    checkedAt: state.checkedAt,
    checkError: state.checkError,
  };
}

/** Starts the watch when an Accelo API is set: each instance tries every interval, one asks. */
export function startSubscriptionWatchFromEnv(): void {
  let configured = false;
  try {
    configured = acceloConfigFromEnv() !== undefined;
  } catch {
    return;
  }
  if (!configured) return;
  const intervalMs = watchIntervalMs();
  const run = () => void runSubscriptionWatch(new Date(), intervalMs).catch(() => {});
  setTimeout(run, 5_000).unref();
  setInterval(run, intervalMs).unref();
}
