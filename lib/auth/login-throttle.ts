export interface ThrottleSchedule {
  /** Attempts allowed before any wait. */
  freeAttempts: number;
  /** Wait after the first attempt beyond the free ones; doubles with each further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** An address that has not tried for this long starts again from zero. */
  forgetAfterMs: number;
}

/** Free for 5 attempts, then 1 s, 2 s, 4 s … up to 15 minutes between attempts. */
export const LOGIN_SCHEDULE: ThrottleSchedule = {
  freeAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

export type ThrottleVerdict = { kind: "allowed" } | { kind: "throttled"; retryAfterMs: number };

interface Entry {
  attempts: number;
  lastAttemptAt: number;
  lockedUntil: number;
}

// Bounds memory when many addresses try: the oldest entries are dropped first.
const MAX_ENTRIES = 10_000;

/**
 * Slows down password guessing per client address. Every attempt is counted before the password
 * is checked (so a burst of parallel guesses cannot slip past the count), the wait is counted
 * again from the moment a wrong answer is given, and a right password forgives the address.
 * State lives in this process's memory: a restart forgets it, and several instances behind one
 * load balancer each count separately. Both are acceptable for a single-user dashboard whose
 * generated password is far beyond online guessing; the slow-down protects weak chosen ones.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly schedule: ThrottleSchedule = LOGIN_SCHEDULE) {}

  /** Records an attempt from `key`, or refuses it while `key` must wait. */
  attempt(key: string, now = Date.now()): ThrottleVerdict {
    let entry = this.entries.get(key);
    if (entry && now - entry.lastAttemptAt > this.schedule.forgetAfterMs) entry = undefined;
    if (entry && entry.lockedUntil > now) return { kind: "throttled", retryAfterMs: entry.lockedUntil - now };

    entry ??= { attempts: 0, lastAttemptAt: now, lockedUntil: 0 };
    entry.attempts += 1;
    entry.lastAttemptAt = now;
    this.lock(entry, now);
    this.remember(key, entry);
    return { kind: "allowed" };
  }

  /** Whether `key` must wait now, counting nothing: for a count kept of failures only. */
  waitFor(key: string, now = Date.now()): ThrottleVerdict {
    const entry = this.entries.get(key);
    if (!entry || now - entry.lastAttemptAt > this.schedule.forgetAfterMs || entry.lockedUntil <= now) {
      return { kind: "allowed" };
    }
    return { kind: "throttled", retryAfterMs: entry.lockedUntil - now };
  }

  /** Counts one wrong password for `key` after the fact, and starts its wait if one is due. */
  countFailure(key: string, now = Date.now()): void {
    const entry = this.entries.get(key) ?? { attempts: 0, lastAttemptAt: now, lockedUntil: 0 };
    entry.attempts += 1;
    entry.lastAttemptAt = now;
    this.lock(entry, now);
    this.remember(key, entry);
  }

  /** The attempt was a wrong password: the wait runs from now, after the slow check. */
  failed(key: string, now = Date.now()): void {
    const entry = this.entries.get(key);
    if (entry) this.lock(entry, now);
  }

  /** A right password: the address starts again from zero. */
  succeeded(key: string): void {
    this.entries.delete(key);
  }

  /** The wait imposed after the n-th attempt beyond the free ones (n ≥ 1). */
  delayAfter(n: number): number {
    const doublings = Math.min(n - 1, 40);
    return Math.min(this.schedule.baseDelayMs * 2 ** doublings, this.schedule.maxDelayMs);
  }

  private lock(entry: Entry, now: number): void {
    const beyondFree = entry.attempts - this.schedule.freeAttempts;
    if (beyondFree > 0) entry.lockedUntil = now + this.delayAfter(beyondFree);
  }

  private remember(key: string, entry: Entry): void {
    // Re-inserting keeps the Map in order of last attempt, so the first key is the stalest.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) {
      const stalest = this.entries.keys().next().value;
      if (stalest !== undefined) this.entries.delete(stalest);
    }
  }
}
