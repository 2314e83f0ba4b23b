import { z } from "zod";
import { AcceloApiError } from "../accelo/errors";
import { isDatabaseUnavailable } from "../db/errors";
import { DomainError } from "../errors";
import { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode } from "./errors";

const retryAfterSchema = z.object({ retryAfterSeconds: z.number().int().positive() });

function answer(code: ApiErrorCode, message: string, details?: unknown): Response {
  const body: ApiErrorBody = { error: { code, message, ...(details !== undefined && { details }) } };
  // A wait the domain named is also said the way HTTP clients read it.
  const retryAfter = retryAfterSchema.safeParse(details);
  const headers = retryAfter.success ? { "Retry-After": String(retryAfter.data.retryAfterSeconds) } : undefined;
  return Response.json(body, { status: API_ERROR_STATUS[code], headers });
}

/** The first thing wrong with a request, in words, so that a client need not read the details. */
function invalidRequestMessage(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "Invalid request";
  const where = first.path.join(".");
  return `Invalid request: ${where ? `${where}: ` : ""}${first.message}`;
}

/**
 * Anything a route, page guard or the receiver ends with, in the one error shape: the only place
 * an error becomes a status. Unknown errors are logged and answered 500 without their text.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) return answer(error.code, error.message, error.details);
  if (error instanceof z.ZodError) return answer("bad_request", invalidRequestMessage(error), z.flattenError(error));
  if (error instanceof AcceloApiError) {
    const waits = error.code === "rate_limited" || error.code === "budget_exhausted";
    return answer(waits ? "too_many_requests" : "upstream_unavailable", error.message, {
      reason: error.code,
      retryAt: error.retryAt?.toISOString() ?? null,
    });
  }
  if (isDatabaseUnavailable(error)) return answer("database_unavailable", "The database is unavailable");
  console.error(error);
  return answer("internal", "Internal error");
}
