import "server-only";
import { budgetHooks } from "./budget";
import { type AcceloClient, createAcceloClient } from "./client";
import { AcceloNotConfiguredError, acceloConfigFromEnv } from "./config";

export const NOT_CONFIGURED_MESSAGE =
  "No Accelo API is set: set ACCELO_DEPLOYMENT (or ACCELO_API_BASE_URL) and its credentials";

/** A client for the configured API whose every request spends the shared budget; not_configured otherwise. */
export function budgetedAcceloClient(env: Record<string, string | undefined> = process.env): AcceloClient {
  const config = acceloConfigFromEnv(env);
  if (!config) throw new AcceloNotConfiguredError(NOT_CONFIGURED_MESSAGE);
  return createAcceloClient(config, budgetHooks(config.apiOrigin, config.hourlyBudget));
}
