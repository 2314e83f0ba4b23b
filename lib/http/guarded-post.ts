import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { checkForwardUrl, guardedLookup, hostOf, RefusedAddressError } from "../forwarding/address-guard";

// The one way this app POSTs to an address a person typed (a forwarding destination, an alert
// channel): the address is checked at connection (address-guard.ts), redirects are not followed
// (a 3xx is the answer), and only the first 2 KiB of the answer are read.

/** What is kept of an answer. */
export const RESPONSE_EXCERPT_BYTES = 2048;

export interface GuardedPost {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
}

export interface GuardedPostResult {
  httpStatus: number | null;
  /** Why no status came, in words; null when one did. */
  error: string | null;
  /** True when nothing was sent because the address is refused: no retry will change that. */
  refused: boolean;
  excerpt: Uint8Array | null;
  durationMs: number;
  /** A Retry-After the server gave, in milliseconds. */
  retryAfterMs?: number;
}

/** Network errors, timeouts, 408, 429 and 5xx may pass; any other answer will not change. */
export function isRetryable(result: GuardedPostResult): boolean {
  if (result.refused) return false;
  if (result.httpStatus === null) return true;
  return result.httpStatus === 408 || result.httpStatus === 429 || result.httpStatus >= 500;
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeError(error: NodeJS.ErrnoException, timeoutMs: number): string {
  if (error.name === "TimeoutError" || error.name === "AbortError") return `No answer within ${timeoutMs} ms`;
  if (error instanceof RefusedAddressError) return error.message;
  if (error.code === "ECONNREFUSED") return "Connection refused";
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return "The host name does not resolve";
  if (error.code === "ECONNRESET") return "The connection was reset";
  return error.message;
}

export async function guardedPost(request: GuardedPost, allowPrivate: boolean): Promise<GuardedPostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(request.url);
  // A literal address never reaches the lookup below: it is checked here.
  if (isIP(hostOf(url))) {
    try {
      await checkForwardUrl(request.url, allowPrivate);
    } catch (error) {
      return { httpStatus: null, error: (error as Error).message, refused: true, excerpt: null, durationMs: elapsed() };
    }
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<GuardedPostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const outgoing = client.request(
      url,
      {
        method: "POST",
        headers: { ...request.headers, "content-length": String(request.body.byteLength) },
        lookup: guardedLookup(allowPrivate),
        signal: AbortSignal.timeout(request.timeoutMs),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () =>
          finish({
            httpStatus: response.statusCode ?? null,
            error: null,
            refused: false,
            excerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES),
            retryAfterMs: retryAfterMs(response.headers["retry-after"]),
          });
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) {
            chunks.push(chunk);
            kept += chunk.byteLength;
          }
          // The rest of a long answer is not waited for: the status is what counts.
          if (kept >= RESPONSE_EXCERPT_BYTES) {
            done();
            response.destroy();
          }
        });
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) =>
      finish({
        httpStatus: null,
        error: describeError(error, request.timeoutMs),
        refused: error instanceof RefusedAddressError,
        excerpt: null,
      }),
    );
    outgoing.end(request.body);
  });
}
