import "server-only";
import { DomainError } from "../errors";
import { authConfig } from "./auth-config";
import { LoginThrottle, type ThrottleSchedule } from "./login-throttle";
import { createSession, deleteExpiredSessions } from "./sessions";

/**
 * Wrong passwords from every source together: 30 free, then waits from 1 s up to a minute. A
 * guesser spread over many addresses gains nothing, and keeps the owner out a minute at most.
 * Only failures count here: the owner's own sign-ins never bring the pause closer.
 */
export const OVERALL_SCHEDULE: ThrottleSchedule = {
  freeAttempts: 30,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
};

/** Password checks under way at once: the stored hash's scrypt takes ~32 MiB and a thread each. */
const MAX_CONCURRENT_CHECKS = 2;
/** Attempts waiting for a check beyond these are told to come back, not queued. */
const MAX_WAITING_CHECKS = 20;

const bySource = new LoginThrottle();
const overall = new LoginThrottle(OVERALL_SCHEDULE);
const EVERY_SOURCE = "*";

let checksRunning = 0;
const waitingForCheck: (() => void)[] = [];

/** Runs a password check or hash in one of the few slots, so parallel attempts cannot starve the receiver. */
export async function inCheckSlot<T>(check: () => Promise<T>): Promise<T> {
  if (checksRunning < MAX_CONCURRENT_CHECKS) {
    checksRunning++;
  } else {
    if (waitingForCheck.length >= MAX_WAITING_CHECKS) {
      throw new DomainError("too_many_requests", "Too many sign-ins at once", { retryAfterSeconds: 1 });
    }
    // The slot is handed over by the check that ends, so the count stays as it is.
    await new Promise<void>((resolve) => waitingForCheck.push(resolve));
  }
  try {
    return await check();
  } finally {
    const next = waitingForCheck.shift();
    if (next) next();
    else checksRunning--;
  }
}

function throttled(retryAfterMs: number, message: string): DomainError {
  return new DomainError("too_many_requests", message, { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) });
}

/** The browser a session is started for: shown in the Settings list so its owner can tell it apart. */
export interface Browser {
  /** lib/http/request-source.ts: no header a client writes changes it. */
  source: string;
  userAgent: string;
}

/**
 * Checks a password tried from `source`, counting the attempt against that source and against
 * every source first, so a throttled attempt costs no hash. A wrong password and a throttled
 * attempt are DomainErrors (`wrongPassword`'s code, 429 with the wait).
 */
export async function checkPasswordThrottled(
  password: string,
  source: string,
  wrongPassword: DomainError = new DomainError("unauthorized", "Wrong password"),
): Promise<void> {
  const own = bySource.attempt(source);
  if (own.kind === "throttled") throw throttled(own.retryAfterMs, "Too many wrong passwords from this address");
  const everyone = overall.waitFor(EVERY_SOURCE);
  if (everyone.kind === "throttled") {
    throw throttled(everyone.retryAfterMs, "Too many wrong passwords lately: sign-in is paused for a moment");
  }
  const config = await authConfig();
  if (!(await inCheckSlot(() => config.checkPassword(password)))) {
    bySource.failed(source);
    overall.countFailure(EVERY_SOURCE);
    throw wrongPassword;
  }
  bySource.succeeded(source);
}

/** Signs in: checks the password as above, then starts a session for this browser. */
export async function signIn(password: string, browser: Browser): Promise<{ token: string; expiresAt: Date }> {
  await checkPasswordThrottled(password, browser.source);
  // Expired sessions open nothing but would pile up; a sign-in is a rare, fitting moment to sweep.
  await deleteExpiredSessions();
  return createSession((await authConfig()).sessionKey, browser);
}
