import { z } from "zod";

/** What POST /api/tokens takes; the Settings form sends the same. */
export const newApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  scope: z.enum(["read", "read-write"]),
  /** When the token stops working; null or absent: never. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .nullish()
    .transform((value) => (value ? new Date(value) : null))
    .refine((date) => date === null || date.getTime() > Date.now(), "An expiry must be in the future"),
});
export type NewApiToken = z.input<typeof newApiTokenSchema>;

export const apiTokenSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  scope: z.enum(["read", "read-write"]),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenListItem = z.infer<typeof apiTokenSummarySchema>;

export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSummarySchema) });
export const createdApiTokenSchema = z.object({ token: z.string(), apiToken: apiTokenSummarySchema });

export const sessionListSchema = z.object({
  sessions: z.array(
    z.object({
      id: z.number(),
      createdAt: z.string(),
      expiresAt: z.string(),
      lastSeenAt: z.string(),
      userAgent: z.string(),
      source: z.string(),
      current: z.boolean(),
    }),
  ),
});
export type SessionListItemJson = z.infer<typeof sessionListSchema>["sessions"][number];
