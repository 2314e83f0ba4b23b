import "server-only";
import { z } from "zod";
import type { AcceloConfig } from "./config";
import { AcceloApiError } from "./errors";
import { acceloRequest, retryAtFor } from "./http";

/** Service applications may only read; this is Accelo's default scope for them too. */
const SCOPE = "read(all)";

/** Ask for a new token this long before the old one expires (or a tenth of a short lifetime). */
const RENEW_MARGIN_MS = 60_000;

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

interface CachedToken {
  accessToken: string;
  renewAt: number;
}

export interface TokenSource {
  current(): Promise<string>;
  /** A token other than the one Accelo just refused, or undefined when none can be had. */
  renew(rejected: string): Promise<string | undefined>;
}

// Tokens live in this process only: never in the database or a log. One entry per API origin and
// client, shared by the worker and the refresh route; `pending` makes concurrent callers share one
// token request.
const cache = new Map<string, { token?: CachedToken; pending?: Promise<CachedToken> }>();

async function requestToken(config: AcceloConfig, clientId: string, clientSecret: string): Promise<CachedToken> {
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
  const answer = await acceloRequest(
    new URL("/oauth2/v0/token", config.apiOrigin),
    {
      method: "POST",
      headers: {
        authorization: `Basic ${basic}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: SCOPE }).toString(),
    },
    config.requestTimeoutMs,
  );
  // Accelo answers the token endpoint without the meta/response envelope; accept it either way.
  // Errors say what went wrong in meta.status (Accelo) or `error` (plain OAuth 2).
  const body = answer.json as { response?: unknown; meta?: { status?: string }; error?: string } | undefined;
  const parsed = tokenAnswerSchema.safeParse(body?.response ?? body);
  if (answer.httpStatus === 200 && parsed.success) {
    const lifetimeMs = (parsed.data.expires_in ?? 2_592_000) * 1000;
    const now = Date.now();
    return {
      accessToken: parsed.data.access_token,
      renewAt: now + lifetimeMs - Math.min(RENEW_MARGIN_MS, lifetimeMs / 10),
    };
  }
  const status = body?.meta?.status ?? body?.error;
  const detail = `token request answered ${answer.httpStatus}${status ? ` ${status}` : ""}`;
  if (answer.httpStatus === 429) {
    throw new AcceloApiError("rate_limited", { httpStatus: 429, retryAt: retryAtFor(answer), detail });
  }
  if (answer.httpStatus >= 500) throw new AcceloApiError("server_error", { httpStatus: answer.httpStatus, detail });
  if (answer.httpStatus === 200)
    throw new AcceloApiError("bad_response", { httpStatus: 200, detail: "token answer without access_token" });
  throw new AcceloApiError("token_rejected", { httpStatus: answer.httpStatus, detail });
}

function clientCredentialsSource(config: AcceloConfig, clientId: string, clientSecret: string): TokenSource {
  const key = `${config.apiOrigin}\u0000${clientId}`;
  const entry = cache.get(key) ?? {};
  cache.set(key, entry);

  const fetchNew = async (): Promise<string> => {
    entry.pending ??= requestToken(config, clientId, clientSecret).finally(() => {
      entry.pending = undefined;
    });
    entry.token = await entry.pending;
    return entry.token.accessToken;
  };

  return {
    async current() {
      if (entry.token && Date.now() < entry.token.renewAt) return entry.token.accessToken;
      return fetchNew();
    },
    async renew(rejected) {
      // Another caller may have renewed already; only the rejected token is thrown away.
      if (entry.token && entry.token.accessToken !== rejected) return entry.token.accessToken;
      entry.token = undefined;
      return fetchNew();
    },
  };
}

/** Where the client's bearer token comes from: a fixed ACCELO_ACCESS_TOKEN, or the client-credentials grant. */
export function tokenSourceFor(config: AcceloConfig): TokenSource {
  const { credentials } = config;
  if (credentials.kind === "access_token") {
    return { current: async () => credentials.accessToken, renew: async () => undefined };
  }
  return clientCredentialsSource(config, credentials.clientId, credentials.clientSecret);
}
