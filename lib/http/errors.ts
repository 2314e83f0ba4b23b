import { z } from "zod";
import type { DomainErrorCode } from "../errors";

/**
 * Every code the API answers with and its status: the domain's codes, and the two the boundary
 * adds for what no domain code reports (a database that is away, and a bug).
 */
export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  upstream_unavailable: 502,
  not_configured: 503,
  database_unavailable: 503,
  internal: 500,
} as const satisfies Record<DomainErrorCode | "database_unavailable" | "internal", number>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** The one error shape of every JSON answer: `{ error: { code, message, details? } }`. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
