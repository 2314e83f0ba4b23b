import { z } from "zod";

type Env = Record<string, string | undefined>;

const retentionEnvSchema = z.object({
  RETENTION_DAYS: z
    .union([
      z.literal(""),
      z.coerce.number().int("RETENTION_DAYS is a whole number of days").positive("RETENTION_DAYS must be at least 1"),
    ])
    .optional()
    .transform((days) => (days === "" ? undefined : days)),
});

/** How long deliveries are kept; undefined keeps every delivery, the default. */
export function retentionDays(env: Env = process.env): number | undefined {
  return retentionEnvSchema.parse(env).RETENTION_DAYS;
}

/** True when old deliveries are deleted: a RETENTION_DAYS the server cannot use deletes nothing. */
export function deletesOldDeliveries(env: Env = process.env): boolean {
  try {
    return retentionDays(env) !== undefined;
  } catch {
    return false;
  }
}

/** What the dashboard says about retention, in words. */
export function describeRetention(days: number | undefined): string {
  if (days === undefined) return "Keeping every delivery";
  return `Keeping deliveries for ${days} ${days === 1 ? "day" : "days"}`;
}

/** The dashboard's line about retention; a RETENTION_DAYS the server cannot use is said, not thrown. */
export function retentionSummary(env: Env = process.env): string {
  try {
    return describeRetention(retentionDays(env));
  } catch {
    return "Keeping every delivery (RETENTION_DAYS is not a whole number of days)";
  }
}
