import "server-only";
import { z } from "zod";
import { noteApiError, noteRateLimit } from "./activity";
import type { AcceloConfig } from "./config";
import { AcceloApiError } from "./errors";
import { type AcceloAnswer, acceloRequest, type RateLimit, retryAtFor } from "./http";
import type { ResourceTarget } from "./resource-url";
import { tokenSourceFor } from "./token";

const envelopeSchema = z.object({
  meta: z.looseObject({ status: z.string() }),
  response: z.unknown(),
});
export type AcceloMeta = z.infer<typeof envelopeSchema>["meta"];

export interface AcceloResource {
  httpStatus: number;
  meta: AcceloMeta;
  response: Record<string, unknown>;
  rateLimit: RateLimit;
}

/** An answer of any other call: the envelope opened, `response` as Accelo sent it. */
export interface AcceloCallAnswer {
  httpStatus: number;
  meta: AcceloMeta;
  response: unknown;
  rateLimit: RateLimit;
}

export interface AcceloClient {
  readonly apiOrigin: string;
  /** The object with every field (`_fields=_ALL`), or an AcceloApiError saying why not. */
  getResource(target: ResourceTarget): Promise<AcceloResource>;
  /**
   * Any other call under /api/v0 (subscriptions, tokeninfo): `form` goes as Accelo's default
   * form body. Anything but `ok` is an AcceloApiError, whatever the HTTP status says.
   */
  call(method: "GET" | "POST" | "DELETE", path: string, form?: Record<string, string>): Promise<AcceloCallAnswer>;
}

/** Lets the shared request budget (budget.ts) see every request the client makes. */
export interface RequestHooks {
  /** Before each resource request; throws an AcceloApiError to hold the request back. */
  beforeRequest(): Promise<void>;
  /** After each answer, also an error: the rate limit headers and whether it was a 429. */
  afterAnswer(rateLimit: RateLimit, rateLimitedUntil?: Date): Promise<void>;
}

function errorFor(answer: AcceloAnswer, meta: AcceloMeta | undefined): AcceloApiError {
  const status = meta?.status;
  const details = { httpStatus: answer.httpStatus, meta };
  const detail = status ? `${answer.httpStatus} ${status}` : `HTTP ${answer.httpStatus}`;
  if (answer.httpStatus === 429 || status === "too_many_requests" || status === "too_many_failed_logins") {
    return new AcceloApiError("rate_limited", { ...details, retryAt: retryAtFor(answer), detail });
  }
  if (answer.httpStatus === 401 || status === "invalid_client" || status === "invalid_grant") {
    return new AcceloApiError("token_rejected", { ...details, detail });
  }
  if (answer.httpStatus === 403 || status === "invalid_permission" || status === "invalid_scope") {
    return new AcceloApiError("permission_denied", { ...details, detail });
  }
  if (answer.httpStatus === 404 || status === "invalid_request") {
    return new AcceloApiError("object_gone", { ...details, detail });
  }
  if (answer.httpStatus >= 500 || status === "server_error") {
    return new AcceloApiError("server_error", { ...details, detail });
  }
  return new AcceloApiError("bad_response", { ...details, detail });
}

function openEnvelope(answer: AcceloAnswer): { meta?: AcceloMeta; response?: unknown } {
  const envelope = envelopeSchema.safeParse(answer.json);
  return envelope.success ? envelope.data : {};
}

/**
 * Accelo's status word decides, not the HTTP status: with `_suppress_http_status` (or a proxy
 * that rewrites statuses) an error comes as a 200 whose meta says what went wrong.
 */
function unwrapCall(answer: AcceloAnswer): AcceloCallAnswer {
  const { meta, response } = openEnvelope(answer);
  if (answer.httpStatus >= 200 && answer.httpStatus < 300 && meta?.status === "ok") {
    return { httpStatus: answer.httpStatus, meta, response, rateLimit: answer.rateLimit };
  }
  throw errorFor(answer, meta);
}

/** Reads Accelo's meta/response envelope; anything but `ok` with an object becomes an error. */
function unwrap(answer: AcceloAnswer): AcceloResource {
  const { meta, response } = openEnvelope(answer);
  const isObject = typeof response === "object" && response !== null && !Array.isArray(response);
  if (answer.httpStatus === 200 && meta?.status === "ok" && isObject) {
    return {
      httpStatus: answer.httpStatus,
      meta,
      response: response as Record<string, unknown>,
      rateLimit: answer.rateLimit,
    };
  }
  if (answer.httpStatus === 200 && meta?.status === "ok") {
    throw new AcceloApiError("object_gone", { httpStatus: 200, meta, detail: "ok without an object" });
  }
  throw errorFor(answer, meta);
}

/** Accelo refused the token: by status, or by its status word when statuses are suppressed. */
function tokenRefused(answer: AcceloAnswer): boolean {
  return answer.httpStatus === 401 || openEnvelope(answer).meta?.status === "invalid_client";
}

export function createAcceloClient(config: AcceloConfig, hooks?: RequestHooks): AcceloClient {
  const tokens = tokenSourceFor(config);

  async function send(method: string, url: URL, token: string, form?: Record<string, string>): Promise<AcceloAnswer> {
    await hooks?.beforeRequest();
    const answer = await acceloRequest(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(form && { "content-type": "application/x-www-form-urlencoded" }),
        },
        body: form && new URLSearchParams(form).toString(),
      },
      config.requestTimeoutMs,
    );
    noteRateLimit(config.apiOrigin, answer.rateLimit);
    await hooks?.afterAnswer(answer.rateLimit, answer.httpStatus === 429 ? retryAtFor(answer) : undefined);
    return answer;
  }

  /** Every failure is remembered for the connection panel (lib/accelo/activity.ts), then thrown on. */
  async function noted<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AcceloApiError) noteApiError(config.apiOrigin, error);
      throw error;
    }
  }

  async function sendWithToken(method: string, url: URL, form?: Record<string, string>): Promise<AcceloAnswer> {
    const token = await tokens.current();
    const answer = await send(method, url, token, form);
    if (!tokenRefused(answer)) return answer;
    // A client-credentials token may have been revoked or expired early: ask for a new one, once.
    const renewed = await tokens.renew(token);
    return renewed === undefined ? answer : send(method, url, renewed, form);
  }

  return {
    apiOrigin: config.apiOrigin,
    async getResource(target) {
      // Built from the configured origin and a checked type and id, never from the delivery's URL.
      const url = new URL(`/api/v0/${target.type}/${target.id}`, config.apiOrigin);
      url.searchParams.set("_fields", "_ALL");
      return noted(async () => unwrap(await sendWithToken("GET", url)));
    },
    async call(method, path, form) {
      // Paths are the app's own constants and checked ids: nothing a delivery wrote reaches here.
      const url = new URL(`/api/v0/${path}`, config.apiOrigin);
      return noted(async () => unwrapCall(await sendWithToken(method, url, form)));
    },
  };
}
