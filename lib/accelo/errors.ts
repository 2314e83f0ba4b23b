import { explainFetchReason, type FetchErrorCode } from "./fetch-reasons";

/** A failed Accelo request, as one of the codes in fetch-reasons.ts. Never carries a token. */
export class AcceloApiError extends Error {
  readonly code: FetchErrorCode;
  readonly httpStatus?: number;
  /** The envelope's meta object when Accelo sent one. */
  readonly meta?: unknown;
  /** For rate_limited and budget_exhausted: the earliest time to ask again. */
  readonly retryAt?: Date;

  constructor(
    code: FetchErrorCode,
    {
      httpStatus,
      meta,
      retryAt,
      detail,
    }: { httpStatus?: number; meta?: unknown; retryAt?: Date; detail?: string } = {},
  ) {
    const words = explainFetchReason(code, retryAt);
    super(detail ? `${words}: ${detail}` : words);
    this.name = "AcceloApiError";
    this.code = code;
    this.httpStatus = httpStatus;
    this.meta = meta;
    this.retryAt = retryAt;
  }

  /** Worth trying again later with the same request. */
  get retryable(): boolean {
    return this.code === "server_error" || this.code === "timeout" || this.code === "network";
  }
}
