import type { z } from "zod";
import type { ApiErrorCode } from "../errors";

/**
 * Who may call a route. "signed-in": a dashboard session or an API token (a read token for GET and
 * HEAD only); "session-only": a session, never a token (signing in, tokens, sessions, the password).
 */
export type RouteAccess = "public" | "signed-in" | "session-only";

/** A body that is not JSON read by a schema: a webhook delivery, an event stream, an empty answer. */
export interface OtherContent {
  description: string;
  /** Absent for an answer without a body (204, a redirect). */
  contentTypes?: readonly string[];
  /** Headers of the answer, by name: what each says. */
  headers?: Record<string, string>;
  /** An event stream's: the JSON in each event's `data`. */
  eventData?: z.ZodType;
}

/**
 * What one route takes and answers: lib/http/route.ts parses its requests with these very schemas
 * and types its answers by them, and lib/http/openapi/document.ts describes it from them.
 */
export interface RouteContract {
  summary: string;
  description?: string;
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType | OtherContent;
  /** Request headers the route reads, by name: what each means. */
  headers?: Record<string, string>;
  /** Headers every success answer carries, by name: what each says (a JSON answer's cookie). */
  answerHeaders?: Record<string, string>;
  /** Success answers by status: the schema of a JSON body, or what a body that is not JSON is. */
  responses: Partial<Record<200 | 201 | 202 | 204 | 303, z.ZodType | OtherContent>>;
  /**
   * The error codes the route's own work may end with. Those of its input (bad_request) and of
   * the guard (unauthorized, forbidden) and a bug (internal) are added from `access` and the schemas.
   */
  errors: readonly ApiErrorCode[];
}

/**
 * The values Response.json writes as a `T`: a Date is written as its ISO string, so a route may
 * answer a Date where its schema says string.
 */
export type JsonOf<T> = T extends string
  ? string extends T
    ? string | Date
    : T
  : T extends object
    ? { [K in keyof T]: JsonOf<T[K]> }
    : T;

/** What a handler may return for its 200 answer: the body its contract's schema describes. */
export type AnswerOf<Schema> = Schema extends z.ZodType ? JsonOf<z.output<Schema>> : never;
