import { z } from "zod";

const MIB = 1024 * 1024;
const HOUR_MS = 60 * 60 * 1000;
/** Sources remembered at most; the stalest is forgotten first, and the total budget still holds. */
const MAX_SOURCES = 10_000;

const budgetEnvSchema = z.object({
  FAILED_SIGNATURE_BUDGET_MB: z.coerce.number().positive().default(100),
  FAILED_SIGNATURE_SOURCE_BUDGET_MB: z.coerce.number().positive().default(10),
});

export interface FailureBudgetLimits {
  /** Bytes an hour kept in full of requests that fail the signature check, from every source together. */
  totalBytesPerHour: number;
  /** The same, for one source. */
  sourceBytesPerHour: number;
}

export function failureBudgetLimits(env: Record<string, string | undefined> = process.env): FailureBudgetLimits {
  const parsed = budgetEnvSchema.parse(env);
  return {
    totalBytesPerHour: parsed.FAILED_SIGNATURE_BUDGET_MB * MIB,
    sourceBytesPerHour: parsed.FAILED_SIGNATURE_SOURCE_BUDGET_MB * MIB,
  };
}

interface Window {
  startedAt: number;
  spent: number;
}

export interface FailureBudget {
  /** Spends `bytes` of `source`'s and the total budget; false, spending nothing, when either is used up. */
  take(source: string, bytes: number, now?: number): boolean;
}

/**
 * How much of what fails the signature check is kept whole: a forged flood must cost the disk
 * kilobytes a request, not megabytes, while a misconfigured secret still shows its first
 * deliveries in full. Hourly windows in this process's memory: a restart starts them again, and
 * several instances each keep their own, which bounds the disk all the same.
 */
export function createFailureBudget(limits: FailureBudgetLimits): FailureBudget {
  const total: Window = { startedAt: 0, spent: 0 };
  const sources = new Map<string, Window>();

  const current = (window: Window, now: number) => {
    if (now - window.startedAt >= HOUR_MS) {
      window.startedAt = now;
      window.spent = 0;
    }
    return window;
  };

  return {
    take(source, bytes, now = Date.now()) {
      const overall = current(total, now);
      const own = current(sources.get(source) ?? { startedAt: now, spent: 0 }, now);
      // Re-inserting keeps the Map in order of last use, so the first key is the stalest.
      sources.delete(source);
      sources.set(source, own);
      if (sources.size > MAX_SOURCES) sources.delete(sources.keys().next().value ?? source);
      if (overall.spent + bytes > limits.totalBytesPerHour || own.spent + bytes > limits.sourceBytesPerHour) {
        return false;
      }
      overall.spent += bytes;
      own.spent += bytes;
      return true;
    },
  };
}
