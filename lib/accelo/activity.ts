import type { AcceloApiError } from "./errors";
import type { RateLimit } from "./http";

// What this process last heard from Accelo, for the connection panel: Accelo's own rate-limit
// figures from the newest answer that carried them, and the newest error. Kept in memory, per
// instance: each instance talks to Accelo itself, and a restart forgets a stale error.

export interface AcceloActivity {
  rateLimit?: RateLimit & { seenAt: Date };
  lastError?: { code: string; message: string; at: Date };
}

// On globalThis: the fetch worker (started by instrumentation.ts) and the routes may be bundled
// apart, each with its own copy of this module, yet must share what they heard.
const shared = globalThis as unknown as { accelomonitorAcceloActivity?: Map<string, AcceloActivity> };
shared.accelomonitorAcceloActivity ??= new Map();
const byOrigin = shared.accelomonitorAcceloActivity;

function activityOf(origin: string): AcceloActivity {
  let activity = byOrigin.get(origin);
  if (!activity) {
    activity = {};
    byOrigin.set(origin, activity);
  }
  return activity;
}

export function noteRateLimit(origin: string, rateLimit: RateLimit, now = new Date()): void {
  if (rateLimit.limit === undefined && rateLimit.remaining === undefined) return;
  activityOf(origin).rateLimit = { ...rateLimit, seenAt: now };
}

/** A missing object is the object's news, not the connection's: it is not kept as the last error. */
export function noteApiError(origin: string, error: AcceloApiError, now = new Date()): void {
  if (error.code === "object_gone") return;
  activityOf(origin).lastError = { code: error.code, message: error.message, at: now };
}

export function acceloActivity(origin: string): AcceloActivity {
  return { ...activityOf(origin) };
}
