import "server-only";
import { z } from "zod";

type Env = Readonly<Record<string, string | undefined>>;

const alertsEnvSchema = z.object({
  ALERT_EVALUATION_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL is smtp://user:password@host:587 or smtps://…:465")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  SMTP_FROM: z.string().trim().min(3).default("Accelo Webhook Monitor <alerts@localhost>"),
  PUBLIC_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export interface AlertsConfig {
  evaluationIntervalMs: number;
  /** Where email channels send through; without it they fail with a message saying so. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** What links in notifications start with; without it they are paths only. */
  publicUrl: string | undefined;
}

export function alertsConfig(env: Env = process.env): AlertsConfig {
  const parsed = alertsEnvSchema.parse({
    ALERT_EVALUATION_INTERVAL_SECONDS: env.ALERT_EVALUATION_INTERVAL_SECONDS || undefined,
    SMTP_URL: env.SMTP_URL,
    SMTP_FROM: env.SMTP_FROM || undefined,
    PUBLIC_URL: env.PUBLIC_URL,
  });
  return {
    evaluationIntervalMs: parsed.ALERT_EVALUATION_INTERVAL_SECONDS * 1000,
    smtpUrl: parsed.SMTP_URL,
    smtpFrom: parsed.SMTP_FROM,
    publicUrl: parsed.PUBLIC_URL?.replace(/\/+$/, ""),
  };
}
