import "server-only";
import { db } from "../db/client";
import type { RequestHooks } from "./client";
import { AcceloApiError } from "./errors";
import type { RateLimit } from "./http";

const WINDOW_MS = 60 * 60 * 1000;
/** Rounds of the optimistic update below before giving up: only reached under heavy contention. */
const MAX_ROUNDS = 8;

export type BudgetGrant =
  | { kind: "granted" }
  | { kind: "refused"; reason: "budget_exhausted" | "rate_limited"; until: Date };

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "P2002";
}

/**
 * Takes one request from the hourly budget of an API origin. The count lives in the database and
 * every change is a conditional UPDATE on the value just read, so instances sharing one database
 * never spend more than the budget between them.
 */
export async function reserveApiRequest(origin: string, hourlyBudget: number, now = new Date()): Promise<BudgetGrant> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const budget = await db.apiBudget.findUnique({ where: { origin } });
    if (!budget) {
      try {
        await db.apiBudget.create({ data: { origin, windowStart: now, used: 1 } });
        return { kind: "granted" };
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    if (budget.blockedUntil && budget.blockedUntil > now) {
      return { kind: "refused", reason: "rate_limited", until: budget.blockedUntil };
    }
    const windowEnd = new Date(budget.windowStart.getTime() + WINDOW_MS);
    if (windowEnd <= now) {
      const { count } = await db.apiBudget.updateMany({
        where: { origin, windowStart: budget.windowStart },
        data: { windowStart: now, used: 1 },
      });
      if (count === 1) return { kind: "granted" };
      continue;
    }
    if (budget.used >= hourlyBudget) return { kind: "refused", reason: "budget_exhausted", until: windowEnd };
    const { count } = await db.apiBudget.updateMany({
      where: { origin, windowStart: budget.windowStart, used: { lt: hourlyBudget } },
      data: { used: { increment: 1 } },
    });
    if (count === 1) return { kind: "granted" };
  }
  // Lost every race to other callers: let this one wait a second rather than spin.
  return { kind: "refused", reason: "budget_exhausted", until: new Date(now.getTime() + 1000) };
}

/**
 * What Accelo said about its own limit, which the customer's other integrations share: after a
 * 429, or when no request is left in its window, nobody here asks again before the reset.
 */
export async function recordRateLimit(origin: string, rateLimit: RateLimit, rateLimitedUntil?: Date): Promise<void> {
  const until = rateLimitedUntil ?? (rateLimit.remaining === 0 ? rateLimit.resetAt : undefined);
  if (!until || until.getTime() <= Date.now()) return;
  await db.apiBudget.updateMany({
    where: { origin, OR: [{ blockedUntil: null }, { blockedUntil: { lt: until } }] },
    data: { blockedUntil: until },
  });
}

/** This hour's use of the shared budget, as every instance on the database has spent it. */
export async function budgetUse(
  origin: string,
  now = new Date(),
): Promise<{ used: number; windowEndsAt: Date | null; blockedUntil: Date | null }> {
  const budget = await db.apiBudget.findUnique({ where: { origin } });
  if (!budget) return { used: 0, windowEndsAt: null, blockedUntil: null };
  const windowEndsAt = new Date(budget.windowStart.getTime() + WINDOW_MS);
  const current = windowEndsAt > now;
  return {
    used: current ? budget.used : 0,
    windowEndsAt: current ? windowEndsAt : null,
    blockedUntil: budget.blockedUntil && budget.blockedUntil > now ? budget.blockedUntil : null,
  };
}

/** Hooks that make an Accelo client spend from, and report to, the shared budget. */
export function budgetHooks(origin: string, hourlyBudget: number): RequestHooks {
  return {
    async beforeRequest() {
      const grant = await reserveApiRequest(origin, hourlyBudget);
      if (grant.kind === "refused") throw new AcceloApiError(grant.reason, { retryAt: grant.until });
    },
    afterAnswer: (rateLimit, rateLimitedUntil) => recordRateLimit(origin, rateLimit, rateLimitedUntil),
  };
}
