import "server-only";
import { z } from "zod";
import { acceloActivity } from "./activity";
import { NOT_CONFIGURED_MESSAGE } from "./api-client";
import { budgetHooks, budgetUse } from "./budget";
import { type AcceloClient, createAcceloClient } from "./client";
import { type AcceloConfig, acceloConfigFromEnv } from "./config";
import { AcceloApiError } from "./errors";
import type { ConnectionView } from "./schemas";

const tokenInfoSchema = z.looseObject({
  deployment: z.string().optional(),
  /** Unix seconds, as Accelo writes dates; absent for tokens that do not expire. */
  expires: z.coerce.number().optional(),
  user_id: z.coerce.string().optional(),
  user_firstname: z.string().optional(),
  user_surname: z.string().optional(),
  user_email: z.string().optional(),
  scope: z.string().optional(),
});
export type AcceloTokenInfo = z.infer<typeof tokenInfoSchema>;

export async function tokenInfo(client: AcceloClient): Promise<AcceloTokenInfo> {
  const { response } = await client.call("GET", "tokeninfo");
  const info = tokenInfoSchema.safeParse(response);
  if (!info.success) throw new AcceloApiError("bad_response", { detail: "no token information in the answer" });
  return info.data;
}

/** Within this many days of its expiry, every page says the token must be renewed. */
export const TOKEN_EXPIRY_WARNING_DAYS = 7;
/** How often the token is looked at: once an hour in the background, sooner when the panel asks. */
const BACKGROUND_CHECK_MS = 60 * 60_000;
const PANEL_RECHECK_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

interface Check {
  origin: string;
  at: Date;
  info?: AcceloTokenInfo;
  error?: string;
}

// One check per process, shared by the panel, the banner and the background timer.
const state = globalThis as unknown as { accelomonitorConnectionCheck?: Check };

/** Asks Accelo who the token belongs to, through the shared budget, and keeps the answer. */
export async function checkConnection(config: AcceloConfig, now = new Date()): Promise<Check> {
  const client = createAcceloClient(config, budgetHooks(config.apiOrigin, config.hourlyBudget));
  let check: Check;
  try {
    check = { origin: config.apiOrigin, at: now, info: await tokenInfo(client) };
  } catch (error) {
    if (!(error instanceof AcceloApiError)) throw error;
    check = { origin: config.apiOrigin, at: now, error: error.message };
  }
  state.accelomonitorConnectionCheck = check;
  return check;
}

function tokenExpiry(check: Check | undefined): Date | null {
  const seconds = check?.info?.expires;
  return seconds === undefined || !Number.isFinite(seconds) ? null : new Date(seconds * 1000);
}

/** When the token the last check saw expires, if that is within the warning: for the banner on every page. */
export function tokenExpiryWarning(now = new Date()): { expiresAt: Date } | undefined {
  const expiresAt = tokenExpiry(state.accelomonitorConnectionCheck);
  if (!expiresAt || expiresAt.getTime() - now.getTime() > TOKEN_EXPIRY_WARNING_DAYS * DAY_MS) return undefined;
  return { expiresAt };
}

export type { ConnectionView };

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** Everything the connection panel shows; asks Accelo again when the last check is over 5 minutes old. */
export async function connectionView(now = new Date()): Promise<ConnectionView> {
  let config: AcceloConfig | undefined;
  try {
    config = acceloConfigFromEnv();
  } catch (error) {
    return emptyView((error as Error).message);
  }
  if (!config) return emptyView(NOT_CONFIGURED_MESSAGE);

  let check = state.accelomonitorConnectionCheck;
  if (!check || check.origin !== config.apiOrigin || now.getTime() - check.at.getTime() > PANEL_RECHECK_MS) {
    check = await checkConnection(config, now);
  }
  const expiresAt = tokenExpiry(check);
  const info = check.info;
  const user = [info?.user_firstname, info?.user_surname].filter(Boolean).join(" ") || info?.user_email || null;
  const use = await budgetUse(config.apiOrigin, now);
  const activity = acceloActivity(config.apiOrigin);
  return {
    configured: true,
    notConfigured: null,
    apiOrigin: config.apiOrigin,
    checkedAt: check.at.toISOString(),
    token: info
      ? {
          deployment: info.deployment ?? null,
          user,
          expiresAt: iso(expiresAt),
          expiresSoon: expiresAt !== null && expiresAt.getTime() - now.getTime() <= TOKEN_EXPIRY_WARNING_DAYS * DAY_MS,
        }
      : null,
    checkError: check.error ?? null,
    budget: {
      hourlyBudget: config.hourlyBudget,
      used: use.used,
      windowEndsAt: iso(use.windowEndsAt),
      blockedUntil: iso(use.blockedUntil),
    },
    acceloRateLimit: activity.rateLimit
      ? {
          limit: activity.rateLimit.limit ?? null,
          remaining: activity.rateLimit.remaining ?? null,
          resetAt: iso(activity.rateLimit.resetAt),
          seenAt: activity.rateLimit.seenAt.toISOString(),
        }
      : null,
    lastError: activity.lastError ? { ...activity.lastError, at: activity.lastError.at.toISOString() } : null,
  };
}

function emptyView(reason: string): ConnectionView {
  return {
    configured: false,
    notConfigured: reason,
    apiOrigin: null,
    checkedAt: null,
    token: null,
    checkError: null,
    budget: null,
    acceloRateLimit: null,
    lastError: null,
  };
}

/** Looks at the token at start and then hourly, so the expiry banner needs no request of its own. */
export function startConnectionCheckFromEnv(): void {
  let config: AcceloConfig | undefined;
  try {
    config = acceloConfigFromEnv();
  } catch {
    return;
  }
  if (!config) return;
  const run = () => {
    if (config) void checkConnection(config).catch(() => {});
  };
  run();
  setInterval(run, BACKGROUND_CHECK_MS).unref();
}
