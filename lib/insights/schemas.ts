import { z } from "zod";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { OVERVIEW_RANGES } from "./overview-query";

// What GET /api/overview answers, and what the server-rendered page hands the browser.

const count = z.number().int().nonnegative();
const verdictCounts = Object.fromEntries(SIGNATURE_VERDICTS.map((verdict) => [verdict, count])) as Record<
  (typeof SIGNATURE_VERDICTS)[number],
  typeof count
>;

const bucket = { start: z.iso.datetime(), end: z.iso.datetime() };

export const overviewSchema = z.object({
  window: z.object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    bucket: z.enum(["hour", "day"]),
    range: z.enum(OVERVIEW_RANGES).nullable(),
  }),
  deliveries: z.object({
    total: count,
    ...verdictCounts,
    /** Invalid or missing signatures over every delivery, 0 to 1; null without deliveries. */
    failureRate: z.number().min(0).max(1).nullable(),
    buckets: z.array(z.object({ ...bucket, ...verdictCounts, failureRate: z.number().min(0).max(1).nullable() })),
  }),
  /** Present when asked for (split=event): the busiest events, the rest as "other". */
  events: z
    .object({
      /** Event ids, busiest first; null for deliveries that named none. */
      names: z.array(z.string().nullable()),
      totals: z.array(count),
      /** Per bucket, one count per name, then one for the other events. */
      buckets: z.array(z.object({ ...bucket, counts: z.array(count), other: count })),
      other: count,
    })
    .nullable(),
  fetches: z.object({
    total: count,
    succeeded: count,
    /** Failed fetches by error code, busiest first. */
    failures: z.array(z.object({ outcome: z.string(), count })),
    buckets: z.array(z.object({ ...bucket, succeeded: count, failed: count })),
  }),
  /** This hour's use of the Accelo API budget; null when no Accelo API is set. */
  budget: z
    .object({
      used: count,
      hourlyBudget: count,
      windowEndsAt: z.iso.datetime().nullable(),
      blockedUntil: z.iso.datetime().nullable(),
    })
    .nullable(),
  forwarding: z.array(
    z.object({ destinationId: z.number().int(), name: z.string().nullable(), succeeded: count, failed: count }),
  ),
  busiestObjects: z.array(z.object({ resourceType: z.string(), resourceId: z.string(), count })),
});
export type Overview = z.infer<typeof overviewSchema>;
