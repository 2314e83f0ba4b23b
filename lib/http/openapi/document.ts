import { z } from "zod";
import packageJson from "../../../package.json";
import { API_ERROR_STATUS, type ApiErrorCode, apiErrorBodySchema } from "../errors";
import type { OtherContent, RouteAccess, RouteContract } from "./contract";
import { API_ROUTES } from "./routes";

// GET /api/openapi.json, written from lib/http/openapi/routes.ts: the schemas the routes parse
// with and answer by, turned into JSON Schema (2020-12, the dialect of OpenAPI 3.1) by zod itself.

type JsonSchema = Record<string, unknown>;

const isSchema = (value: z.ZodType | OtherContent): value is z.ZodType => "_zod" in value;

/** A z.preprocess is described by the schema it hands its result to: what a client must send. */
function described(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def;
  if (def.type === "pipe" && "in" in def && "out" in def) {
    const pipe = def as { in: z.ZodType; out: z.ZodType };
    if (pipe.in._zod.def.type === "transform") return pipe.out;
  }
  return schema;
}

/** Requests are described as they are sent (io "input"), answers as the route writes them ("output"). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Refinements and transforms have no JSON Schema; the shape they check still does.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(described(schema), { io, unrepresentable: "any" });
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const json = jsonSchema(schema, "input");
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: property,
  }));
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  303: "See Other",
};

function headerObjects(headers: Record<string, string> | undefined): JsonSchema | undefined {
  if (!headers || Object.keys(headers).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: "string" } }]),
  );
}

function success(answer: z.ZodType | OtherContent, status: number, answerHeaders?: Record<string, string>) {
  if (isSchema(answer)) {
    return {
      description: STATUS_TEXT[status],
      headers: headerObjects(answerHeaders),
      content: { "application/json": { schema: jsonSchema(answer, "output") } },
    };
  }
  return {
    description: answer.description,
    headers: headerObjects({ ...answerHeaders, ...answer.headers }),
    content: answer.contentTypes
      ? Object.fromEntries(
          answer.contentTypes.map((type) => [
            type,
            {
              schema: { type: "string" },
              // OpenAPI 3.1 has no place for what each event carries (3.2's itemSchema): an extension.
              "x-event-data": answer.eventData && jsonSchema(answer.eventData, "output"),
            },
          ]),
        )
      : undefined,
  };
}

/** The codes a route may answer: its own, its input's, the guard's, and a bug's. */
function errorCodes(contract: RouteContract): ApiErrorCode[] {
  const codes = new Set<ApiErrorCode>(contract.errors);
  if (contract.params || contract.query || (contract.body && isSchema(contract.body))) codes.add("bad_request");
  if (contract.access !== "public") {
    codes.add("unauthorized");
    codes.add("forbidden");
  }
  codes.add("internal");
  return [...codes];
}

function errors(contract: RouteContract): Record<string, JsonSchema> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of errorCodes(contract)) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: `The one error shape; error.code: ${codes.join(", ")}`,
        headers: status === 429 ? headerObjects({ "Retry-After": "Seconds to wait, when known" }) : undefined,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

const SECURITY: Record<RouteAccess, Record<string, string[]>[]> = {
  public: [],
  "signed-in": [{ session: [] }, { apiToken: [] }],
  "session-only": [{ session: [] }],
};

function operation(key: string, contract: RouteContract) {
  const [method, path] = key.split(" ");
  const headers = Object.entries(contract.headers ?? {}).map(([name, description]) => ({
    name,
    in: "header",
    required: false,
    description,
    schema: { type: "string" },
  }));
  const body = contract.body;
  return {
    operationId: [method.toLowerCase(), ...path.split(/[^A-Za-z0-9]+/).filter((part) => part && part !== "api")]
      .map((part, index) => (index === 0 ? part : part[0].toUpperCase() + part.slice(1)))
      .join(""),
    summary: contract.summary,
    description: contract.description,
    security: SECURITY[contract.access],
    parameters: [...parameters(contract.params, "path"), ...parameters(contract.query, "query"), ...headers],
    requestBody: body && {
      required: true,
      description: isSchema(body) ? undefined : body.description,
      content: isSchema(body)
        ? { "application/json": { schema: jsonSchema(body, "input") } }
        : Object.fromEntries((body.contentTypes ?? []).map((type) => [type, { schema: {} }])),
    },
    responses: {
      ...Object.fromEntries(
        Object.entries(contract.responses).map(([status, answer]) => [
          status,
          success(answer, Number(status), contract.answerHeaders),
        ]),
      ),
      ...errors(contract),
    },
  };
}

/** The document as JSON, undefined values dropped, so it is exactly what the route serves. */
function build(routes: Record<string, RouteContract>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, contract] of Object.entries(routes)) {
    const [method, path] = key.split(" ");
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(key, contract) };
  }
  return JSON.parse(
    JSON.stringify({
      openapi: "3.1.0" as const,
      info: {
        title: "Accelo Webhook Monitor API",
        version: packageJson.version,
        description:
          "Every answer that is not a success has one shape: { error: { code, message, details? } }. " +
          "Writes from another site are refused (403) whatever the credentials.",
      },
      security: SECURITY["signed-in"],
      paths,
      components: {
        schemas: { Error: jsonSchema(apiErrorBodySchema, "output") },
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: "awm_session",
            description: "The dashboard session, set by POST /api/auth/sign-in (__Host-awm_session over HTTPS)",
          },
          apiToken: {
            type: "http",
            scheme: "bearer",
            description: "An API token from Settings (awm_…); a read token may only GET and HEAD",
          },
        },
      },
    }),
  ) as { openapi: "3.1.0"; info: { title: string; version: string }; paths: Record<string, unknown> };
}

let document: ReturnType<typeof build> | undefined;

/** The OpenAPI 3.1 document of every route in API_ROUTES; built once, since the table never changes. */
export function openApiDocument(): ReturnType<typeof build> {
  document ??= build(API_ROUTES);
  return document;
}
