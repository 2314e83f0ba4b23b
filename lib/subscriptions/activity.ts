import "server-only";
import {
  idRangeForTimeWindow,
  lastDeliveryOf,
  type SubscriptionDeliveries,
  verdictCountsOf,
} from "../deliveries/queries";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import type { SignatureVerdict } from "../receiver/signature/verify";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Failures in 24 hours, with no valid delivery beside them, that say a subscription's secret is not
 * one this app knows. One or two could be someone probing the URL with the event's name; Accelo
 * sends every change, so three and none valid is a pattern.
 */
export const OUT_OF_STEP_FAILURES = 3;

export interface SubscriptionActivity {
  lastDeliveryAt: Date | null;
  lastDeliveryId: number | null;
  last24h: Record<SignatureVerdict, number>;
  secretOutOfStep: boolean;
}

/** The id above which deliveries are of the last 24 hours; undefined when none arrived in them. */
export async function lastDayAbove(now: Date): Promise<number | undefined> {
  const range = await idRangeForTimeWindow({ from: new Date(now.getTime() - DAY_MS) });
  return range?.above;
}

export function failuresOf(counts: Record<SignatureVerdict, number>): number {
  return counts.invalid + counts.missing;
}

export function isOutOfStep(counts: Record<SignatureVerdict, number>): boolean {
  return counts.valid === 0 && failuresOf(counts) >= OUT_OF_STEP_FAILURES;
}

/** A subscription's last delivery and its last 24 hours by verdict (`dayAbove` from lastDayAbove). */
export async function subscriptionActivity(
  match: SubscriptionDeliveries,
  dayAbove: number | undefined,
): Promise<SubscriptionActivity> {
  const [counted, last] = await Promise.all([
    dayAbove === undefined ? ({} as Record<string, number>) : verdictCountsOf(match, dayAbove),
    lastDeliveryOf(match),
  ]);
  const last24h = Object.fromEntries(SIGNATURE_VERDICTS.map((verdict) => [verdict, counted[verdict] ?? 0])) as Record<
    SignatureVerdict,
    number
  >;
  return {
    lastDeliveryAt: last?.receivedAt ?? null,
    lastDeliveryId: last?.id ?? null,
    last24h,
    secretOutOfStep: isOutOfStep(last24h),
  };
}
