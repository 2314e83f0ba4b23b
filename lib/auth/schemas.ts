import { z } from "zod";
import { idParamSchema } from "../http/id-param";

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

/** POST /api/auth/sign-in takes the dashboard password; the answer sets the session cookie. */
export const signInRequestSchema = z.object({ password: z.string().min(1).max(1024) });
export const signInAnswerSchema = z.object({ expiresAt: z.string() });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
/** Every session ended with the old password; this browser is signed in again by the answer's cookie. */
export const passwordChangedSchema = z.object({ endedSessions: z.number().int() });

/** DELETE /api/sessions: how many sessions ended. */
export const sessionsEndedSchema = z.object({ ended: z.number().int() });

export const sessionIdParamsSchema = z.object({ id: idParamSchema("session") });
export const tokenIdParamsSchema = z.object({ id: idParamSchema("token") });
