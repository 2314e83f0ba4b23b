import "server-only";
import { z } from "zod";

type Env = Readonly<Record<string, string | undefined>>;

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const forwardingEnvSchema = z.object({
  FORWARD_ALLOW_PRIVATE_NETWORKS: flag,
  FORWARD_RETRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  FORWARD_PAUSE_AFTER_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
});

export interface ForwardingConfig {
  /** Loopback and private addresses may be destinations (a sink on this host, an internal app). */
  allowPrivateNetworks: boolean;
  /** How long a delivery is retried before it is given up. */
  retryWindowMs: number;
  /** A destination failing for this long is paused, and the dashboard says so. */
  pauseAfterMs: number;
}

const HOUR_MS = 60 * 60 * 1000;

let cached: { key: string; config: ForwardingConfig } | undefined;

export function forwardingConfig(env: Env = process.env): ForwardingConfig {
  const key = `${env.FORWARD_ALLOW_PRIVATE_NETWORKS}\u0000${env.FORWARD_RETRY_HOURS}\u0000${env.FORWARD_PAUSE_AFTER_HOURS}`;
  if (cached?.key === key) return cached.config;
  const parsed = forwardingEnvSchema.parse(env);
  const config = {
    allowPrivateNetworks: parsed.FORWARD_ALLOW_PRIVATE_NETWORKS,
    retryWindowMs: parsed.FORWARD_RETRY_HOURS * HOUR_MS,
    pauseAfterMs: parsed.FORWARD_PAUSE_AFTER_HOURS * HOUR_MS,
  };
  cached = { key, config };
  return config;
}
