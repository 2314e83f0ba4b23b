import type { z } from "zod";
import { errorResponse } from "./error-response";
import type { AnswerOf, RouteContract } from "./openapi/contract";
import { searchParamsRecord } from "./search-params";

/** Next's second argument to a route handler; absent when a test calls a handler directly. */
interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

/** What a route reads from its request, each part checked by its own schema; a contract has them all. */
interface RouteSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: RouteContract["body"];
  responses?: RouteContract["responses"];
}

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** A contract's handler returns its 200 body (or a Response); without a contract, anything. */
type Returned<Schemas extends RouteSchemas> = Schemas extends { responses: infer Responses }
  ? Response | (Responses extends { 200: infer Ok } ? AnswerOf<Ok> : never)
  : unknown;

export interface RouteInput<Schemas extends RouteSchemas> {
  request: Request;
  params: Parsed<Schemas["params"]>;
  query: Parsed<Schemas["query"]>;
  body: Parsed<Schemas["body"]>;
}

async function parse(schema: RouteContract["body"], read: () => unknown): Promise<unknown> {
  // A body that is not JSON (a webhook delivery) is the handler's to read from the request.
  return schema && "parseAsync" in schema ? schema.parseAsync(await read()) : undefined;
}

/**
 * Every API route is one of these: its params, query and JSON body are parsed with the schemas
 * given (a failure is a 400 in the one error shape), the handler calls into lib/, and what it
 * returns is answered as JSON, or as it is when it is already a Response. Whatever is thrown
 * becomes the one error shape through errorResponse.
 */
export function apiRoute<Schemas extends RouteSchemas>(
  schemas: Schemas,
  handler: (input: RouteInput<Schemas>) => Promise<Returned<Schemas>>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      // Each part was parsed by the schema its type names; TypeScript cannot follow that through.
      const input = {
        request,
        params: await parse(schemas.params, async () => (await context?.params) ?? {}),
        query: await parse(schemas.query, () => searchParamsRecord(new URL(request.url).searchParams)),
        body: await parse(schemas.body, () => request.json().catch(() => undefined)),
      } as RouteInput<Schemas>;
      const result = await handler(input);
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
