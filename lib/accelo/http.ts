import "server-only";
import { AcceloApiError } from "./errors";

export interface RateLimit {
  limit?: number;
  remaining?: number;
  /** When the current window ends (X-RateLimit-Reset, unix seconds). */
  resetAt?: Date;
}

export interface AcceloAnswer {
  httpStatus: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
  rateLimit: RateLimit;
}

/** How long to wait after a 429 that says nothing about when to come back. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

function headerNumber(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function readRateLimit(headers: Headers): RateLimit {
  const reset = headerNumber(headers, "x-ratelimit-reset");
  return {
    limit: headerNumber(headers, "x-ratelimit-limit"),
    remaining: headerNumber(headers, "x-ratelimit-remaining"),
    resetAt: reset === undefined ? undefined : new Date(reset * 1000),
  };
}

/** When a rate-limited client may ask again: X-RateLimit-Reset, else Retry-After, else a minute. */
export function retryAtFor(answer: Pick<AcceloAnswer, "headers" | "rateLimit">, now = Date.now()): Date {
  if (answer.rateLimit.resetAt && answer.rateLimit.resetAt.getTime() > now) return answer.rateLimit.resetAt;
  const retryAfter = headerNumber(answer.headers, "retry-after");
  return new Date(now + (retryAfter === undefined ? DEFAULT_RATE_LIMIT_WAIT_MS : retryAfter * 1000));
}

/**
 * One request to Accelo with a deadline. Network failures and the deadline become AcceloApiErrors;
 * any HTTP answer is returned for the caller to judge. The request (and so its token) is never logged.
 */
export async function acceloRequest(url: URL, init: RequestInit, timeoutMs: number): Promise<AcceloAnswer> {
  let response: Response;
  let text: string;
  try {
    // redirect: "error": a redirect would send the Authorization header on to wherever it points.
    response = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new AcceloApiError("timeout", { detail: `no answer within ${timeoutMs} ms` });
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new AcceloApiError("network", { detail: cause?.code ?? (error as Error).message });
  }
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { httpStatus: response.status, headers: response.headers, json, rateLimit: readRateLimit(response.headers) };
}
