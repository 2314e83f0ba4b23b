import "server-only";
import { z } from "zod";
import { DomainError } from "../errors";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value === "true" || value === "1"));

const acceloEnvSchema = z.object({
  ACCELO_DEPLOYMENT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, "ACCELO_DEPLOYMENT is the name before .api.accelo.com, e.g. acme")
    .optional()
    .or(z.literal("")),
  ACCELO_API_BASE_URL: z.string().optional(),
  ACCELO_ACCESS_TOKEN: z.string().optional(),
  ACCELO_CLIENT_ID: z.string().optional(),
  ACCELO_CLIENT_SECRET: z.string().optional(),
  ACCELO_AUTO_FETCH: flag,
  ACCELO_FETCH_UNVERIFIED: flag,
  ACCELO_HOURLY_BUDGET: z.coerce.number().int().positive().max(5000).default(1000),
  ACCELO_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ACCELO_FETCH_DELAY_MS: z.coerce.number().int().nonnegative().default(2_000),
  ACCELO_FETCH_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
});

export type AcceloCredentials =
  | { kind: "access_token"; accessToken: string }
  | { kind: "client_credentials"; clientId: string; clientSecret: string };

export interface AcceloConfig {
  /** Scheme, host and port of the API, e.g. https://acme.api.accelo.com; the only place a token goes. */
  apiOrigin: string;
  credentials: AcceloCredentials;
  /** Fetch each delivery's resource in the background (ACCELO_AUTO_FETCH, on by default). */
  autoFetch: boolean;
  /** Also fetch for deliveries that could not be verified because no webhook secret is set. */
  fetchUnverified: boolean;
  /** Requests per hour this app allows itself, out of the 5,000 Accelo gives a deployment. */
  hourlyBudget: number;
  requestTimeoutMs: number;
  /** How long a new fetch waits, so that a burst of deliveries for one object is fetched once. */
  fetchDelayMs: number;
  /** Tries of one automatic fetch before its network errors and 5xx answers are final. */
  maxAttempts: number;
}

/** Why fetching is off, in words the pages and API show. */
export class AcceloNotConfiguredError extends DomainError {
  constructor(message: string) {
    super("not_configured", message);
    this.name = "AcceloNotConfiguredError";
  }
}

function apiOriginFrom(deployment: string | undefined, baseUrl: string | undefined): string | undefined {
  if (baseUrl) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new AcceloNotConfiguredError("ACCELO_API_BASE_URL is not a URL");
    }
    const onlyOrigin = (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash;
    if (!/^https?:$/.test(url.protocol) || url.username || url.password || !onlyOrigin) {
      throw new AcceloNotConfiguredError(
        "ACCELO_API_BASE_URL must be an origin only (http(s)://host[:port]), without path or credentials",
      );
    }
    return url.origin;
  }
  return deployment ? `https://${deployment.toLowerCase()}.api.accelo.com` : undefined;
}

/**
 * The Accelo API settings, or undefined when none are given (snapshots are then simply off).
 * Throws AcceloNotConfiguredError when they are given but unusable, so a typo is not silent.
 */
export function acceloConfigFromEnv(env: Record<string, string | undefined> = process.env): AcceloConfig | undefined {
  const parsed = acceloEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new AcceloNotConfiguredError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
    );
  }
  const settings = parsed.data;
  const apiOrigin = apiOriginFrom(
    settings.ACCELO_DEPLOYMENT || undefined,
    settings.ACCELO_API_BASE_URL?.trim() || undefined,
  );
  if (!apiOrigin) return undefined;

  let credentials: AcceloCredentials;
  if (settings.ACCELO_ACCESS_TOKEN) {
    credentials = { kind: "access_token", accessToken: settings.ACCELO_ACCESS_TOKEN };
  } else if (settings.ACCELO_CLIENT_ID && settings.ACCELO_CLIENT_SECRET) {
    credentials = {
      kind: "client_credentials",
      clientId: settings.ACCELO_CLIENT_ID,
      clientSecret: settings.ACCELO_CLIENT_SECRET,
    };
  } else {
    throw new AcceloNotConfiguredError(
      "The Accelo API is set but not its credentials: set ACCELO_ACCESS_TOKEN, or ACCELO_CLIENT_ID and ACCELO_CLIENT_SECRET",
    );
  }

  return {
    apiOrigin,
    credentials,
    autoFetch: settings.ACCELO_AUTO_FETCH ?? true,
    fetchUnverified: settings.ACCELO_FETCH_UNVERIFIED ?? false,
    hourlyBudget: settings.ACCELO_HOURLY_BUDGET,
    requestTimeoutMs: settings.ACCELO_REQUEST_TIMEOUT_MS,
    fetchDelayMs: settings.ACCELO_FETCH_DELAY_MS,
    maxAttempts: settings.ACCELO_FETCH_MAX_ATTEMPTS,
  };
}
