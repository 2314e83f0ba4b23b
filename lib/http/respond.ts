import { z } from "zod";
import { isDatabaseUnavailable } from "../db/errors";
import { ApiError, type ApiErrorBody } from "./errors";

export function errorResponse(error: ApiError, headers?: HeadersInit): Response {
  const body: ApiErrorBody = {
    error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) },
  };
  return Response.json(body, { status: error.status, headers });
}

/** Maps anything thrown by a route to the one error shape; the only catch-all in the API. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof z.ZodError) {
    return errorResponse(new ApiError("bad_request", "Invalid request", z.flattenError(error)));
  }
  if (isDatabaseUnavailable(error)) {
    return errorResponse(new ApiError("database_unavailable", "The database is unavailable"));
  }
  console.error(error);
  return errorResponse(new ApiError("internal", "Internal error"));
}

/** Wraps a route handler so that whatever it throws becomes the one error shape. */
export function withApiErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
