import "server-only";
import { z } from "zod";

type Env = Readonly<Record<string, string | undefined>>;

const blankAsUnset = (value: string | undefined) => (value === "" ? undefined : value);

const alertsEnvSchema = z.object({
  ALERT_EVALUATION_INTERVAL_SECONDS: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(3600).default(60)),
  PUBLIC_URL: z.preprocess(blankAsUnset, z.url().optional()),
});

const smtpEnvSchema = z.object({
  SMTP_URL: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, "SMTP_URL must look like smtp://user:password@host:587 or smtps://…:465")
      .optional(),
  ),
  SMTP_FROM: z.preprocess(blankAsUnset, z.string().trim().min(3).default("Accelo Webhook Monitor <alerts@localhost>")),
});

export interface AlertsConfig {
  evaluationIntervalMs: number;
  /** What links in notifications start with; without it they are paths only. */
  publicUrl: string | undefined;
}

export function alertsConfig(env: Env = process.env): AlertsConfig {
  const parsed = alertsEnvSchema.parse(env);
  return {
    evaluationIntervalMs: parsed.ALERT_EVALUATION_INTERVAL_SECONDS * 1000,
    publicUrl: parsed.PUBLIC_URL?.replace(/\/+$/, ""),
  };
}

/**
 * Where email channels send through, read at each send: a malformed SMTP_URL is then said as the
 * email channels' error, and stops neither the server nor the other channels.
 */
export function smtpConfig(env: Env = process.env): { url: string | undefined; from: string } {
  const parsed = smtpEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  return { url: parsed.data.SMTP_URL, from: parsed.data.SMTP_FROM };
}
