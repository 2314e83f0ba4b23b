import "server-only";
import { z } from "zod";
import { DomainError } from "../errors";

type Env = Readonly<Record<string, string | undefined>>;

/** Where Accelo must POST: the receiver's route under the URL it reaches this app at. */
export const RECEIVER_PATH = "/api/webhooks/accelo";

const subscriptionsEnvSchema = z.object({
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .or(z.literal("")),
  SUBSCRIPTION_SECRET_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(3600),
});

export interface SubscriptionsConfig {
  /** PUBLIC_URL + RECEIVER_PATH, or undefined when PUBLIC_URL is not set. */
  receiverUrl: string | undefined;
  /** How long a subscription deleted here still has its secret accepted (deliveries in flight). */
  graceMs: number;
}

export function subscriptionsConfig(env: Env = process.env): SubscriptionsConfig {
  const parsed = subscriptionsEnvSchema.parse(env);
  const base = parsed.PUBLIC_URL ? new URL(parsed.PUBLIC_URL) : undefined;
  return {
    receiverUrl: base ? `${base.origin}${base.pathname.replace(/\/+$/, "")}${RECEIVER_PATH}` : undefined,
    graceMs: parsed.SUBSCRIPTION_SECRET_GRACE_SECONDS * 1000,
  };
}

/** The receiver URL, or a not_configured error saying which setting creating a subscription needs. */
export function requireReceiverUrl(config: SubscriptionsConfig = subscriptionsConfig()): string {
  if (!config.receiverUrl) {
    throw new DomainError(
      "not_configured",
      "PUBLIC_URL is not set: set it to the URL Accelo reaches this app at, e.g. https://monitor.example.com",
    );
  }
  return config.receiverUrl;
}

/**
 * Whether Accelo sends a subscription's deliveries to this app. URLs are compared as URL parses
 * them (host case, default port, a trailing slash), not as text: Accelo may echo them normalised.
 */
export function targetsThisApp(triggerUrl: string, receiverUrl: string | undefined): boolean {
  if (!receiverUrl || !URL.canParse(triggerUrl)) return false;
  const normal = (url: URL) => `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  return normal(new URL(triggerUrl)) === normal(new URL(receiverUrl));
}
