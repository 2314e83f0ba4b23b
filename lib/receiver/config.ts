import "server-only";
import { z } from "zod";

const MIB = 1024 * 1024;

const receiverEnvSchema = z.object({
  ACCELO_WEBHOOK_SECRET: z.string().optional(),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(MIB),
  WEBHOOK_OBSERVE_ONLY: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1"),
});

export interface ReceiverConfig {
  /** Every secret a delivery may be signed with, in the order given (rotation, subscriptions). */
  secrets: string[];
  maxBodyBytes: number;
  /** Store failed signatures but answer 202, for watching a subscription before enforcing. */
  observeOnly: boolean;
}

let cached: { key: string; config: ReceiverConfig } | undefined;

/** The receiver's settings from the environment, parsed once per distinct environment. */
export function receiverConfig(env: NodeJS.ProcessEnv = process.env): ReceiverConfig {
  const key = `${env.ACCELO_WEBHOOK_SECRET}\u0000${env.WEBHOOK_MAX_BODY_BYTES}\u0000${env.WEBHOOK_OBSERVE_ONLY}`;
  if (cached?.key === key) return cached.config;
  const parsed = receiverEnvSchema.parse(env);
  const config: ReceiverConfig = {
    secrets: (parsed.ACCELO_WEBHOOK_SECRET ?? "")
      .split(",")
      .map((secret) => secret.trim())
      .filter(Boolean),
    maxBodyBytes: parsed.WEBHOOK_MAX_BODY_BYTES,
    observeOnly: parsed.WEBHOOK_OBSERVE_ONLY,
  };
  cached = { key, config };
  return config;
}
