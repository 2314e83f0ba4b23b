import "server-only";
import { z } from "zod";

const MIB = 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

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

/**
 * Whether deliveries are verified: "configured", or why not. "blank" is a variable that is set but
 * holds only spaces and commas, more likely a slip in a deployment's settings than a choice.
 */
export type WebhookSecretState = "configured" | "unset" | "blank";

/** The secrets in an ACCELO_WEBHOOK_SECRET value: comma-separated, spaces around each ignored. */
function parseSecrets(value: string): string[] {
  return value
    .split(",")
    .map((secret) => secret.trim())
    .filter(Boolean);
}

/** What the dashboard and the start-up log say about signature checking. Reads only ACCELO_WEBHOOK_SECRET. */
export function webhookSecretState(env: Env = process.env): WebhookSecretState {
  const value = env.ACCELO_WEBHOOK_SECRET;
  if (value === undefined) return "unset";
  return parseSecrets(value).length > 0 ? "configured" : "blank";
}

let cached: { key: string; config: ReceiverConfig } | undefined;

/** The receiver's settings from the environment, parsed once per distinct environment. */
export function receiverConfig(env: Env = process.env): ReceiverConfig {
  const key = `${env.ACCELO_WEBHOOK_SECRET}\u0000${env.WEBHOOK_MAX_BODY_BYTES}\u0000${env.WEBHOOK_OBSERVE_ONLY}`;
  if (cached?.key === key) return cached.config;
  const parsed = receiverEnvSchema.parse(env);
  const config: ReceiverConfig = {
    secrets: parseSecrets(parsed.ACCELO_WEBHOOK_SECRET ?? ""),
    maxBodyBytes: parsed.WEBHOOK_MAX_BODY_BYTES,
    observeOnly: parsed.WEBHOOK_OBSERVE_ONLY,
  };
  cached = { key, config };
  return config;
}
