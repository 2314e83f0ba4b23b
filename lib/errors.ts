/**
 * What went wrong, as domain code says it. Domain code throws these (or returns them in a result);
 * it never chooses an HTTP status: lib/http/error-response.ts maps each code to one, in one table.
 */
export const DOMAIN_ERROR_CODES = [
  "bad_request",
  "unauthorized",
  "invalid_signature",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "too_many_requests",
  "not_configured",
  "upstream_unavailable",
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Safe to show: reaches API clients as `error.details`. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A setting the server cannot start with: the message says what to set instead. */
export class StartupSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupSettingError";
  }
}
