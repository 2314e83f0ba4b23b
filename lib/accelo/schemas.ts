import { z } from "zod";

/** GET /api/accelo/connection: what the Settings panel shows about the link to Accelo. */
export const connectionViewSchema = z.object({
  configured: z.boolean(),
  /** Why not, in words, when it is not. */
  notConfigured: z.string().nullable(),
  apiOrigin: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** What tokeninfo said; null when it could not be asked (checkError says why). */
  token: z
    .object({
      deployment: z.string().nullable(),
      user: z.string().nullable(),
      expiresAt: z.string().nullable(),
      expiresSoon: z.boolean(),
    })
    .nullable(),
  checkError: z.string().nullable(),
  /** This app's own hourly budget, as every instance on the database has spent it. */
  budget: z
    .object({
      hourlyBudget: z.number(),
      used: z.number(),
      windowEndsAt: z.string().nullable(),
      blockedUntil: z.string().nullable(),
    })
    .nullable(),
  /** Accelo's own figures from the newest answer that carried them (this instance's). */
  acceloRateLimit: z
    .object({
      limit: z.number().nullable(),
      remaining: z.number().nullable(),
      resetAt: z.string().nullable(),
      seenAt: z.string(),
    })
    .nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;
