// GET /api/openapi.json against the code it describes: every route under app/api is in it and
// nothing else, it is valid OpenAPI 3.1, and each route's real answers, a success and an error,
// called in-process through the proxy (the guard) with an API token, validate against it.
import { createHmac } from "node:crypto";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as openApiRoute } from "../../app/api/openapi.json/route";
import { POST as receiverRoute } from "../../app/api/webhooks/accelo/route";
import { createApiToken } from "../../lib/auth/api-tokens";
import { authConfig, storePasswordHash } from "../../lib/auth/auth-config";
import { hashPassword } from "../../lib/auth/password-hash";
import { createSession } from "../../lib/auth/sessions";
import { db } from "../../lib/db/client";
import { API_ROUTES } from "../../lib/http/openapi/routes";
import { PEER_ADDRESS_HEADER } from "../../lib/http/request-source";
import { proxy, config as proxyConfig } from "../../proxy";
import {
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  type StandIn,
  startStandIn,
} from "../../scripts/stand-in/start-stand-in";
import { discoverRoutes, ROUTE_ACCESS } from "../app-routes";
import { type ServedRoute, serveRoute } from "./serve-route";

interface Operation {
  security?: unknown[];
  responses: Record<
    string,
    { content?: Record<string, { schema?: Record<string, unknown>; "x-event-data"?: Record<string, unknown> }> }
  >;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const ORIGIN = "http://127.0.0.1:3000";
const PASSWORD = "openapi-test-password-1";
const WEBHOOK_SECRET = "openapi-test-webhook-secret";
const NO_SUCH_ID = "999999";
const APP_API = path.resolve(import.meta.dirname, "../../app");
const consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});

/** "/api/deliveries/[id]" as OpenAPI writes it: "/api/deliveries/{id}". */
const openApiPath = (pattern: string) => pattern.replace(/\[([^\]]+)\]/g, "{$1}");
const apiRoutes = discoverRoutes().filter((route) => route.kind === "route" && route.pattern.startsWith("/api/"));

let document: Document;
let standIn: StandIn;
let receiver: ServedRoute;
let token: string;
let session: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  standIn = await startStandIn();
  receiver = serveRoute(receiverRoute);
  await receiver.open();
  Object.assign(process.env, {
    ACCELO_API_BASE_URL: standIn.origin,
    ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
    ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
    PUBLIC_URL: receiver.origin(),
    ACCELO_WEBHOOK_SECRET: WEBHOOK_SECRET,
    FORWARD_ALLOW_PRIVATE_NETWORKS: "true",
  });
  delete process.env.DASHBOARD_PASSWORD;
  delete process.env.SESSION_SECRET;
  await authConfig();
  await storePasswordHash(db, await hashPassword(PASSWORD));
  session = await newSession();
  token = (await createApiToken({ name: "openapi test", scope: "read-write", expiresAt: null })).token;
  document = (await (await openApiRoute(new Request(`${ORIGIN}/api/openapi.json`))).json()) as Document;
});

afterAll(async () => {
  process.env = savedEnv;
  consoleLog.mockRestore();
  await Promise.all([standIn.close(), receiver.close()]);
});

async function newSession(): Promise<string> {
  return (await createSession((await authConfig()).sessionKey, { userAgent: "vitest", source: "127.0.0.1" })).token;
}

type Credentials = "token" | "session" | "none";

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  as?: Credentials;
}

// The proxy's matcher as a regular expression: what it leaves out never meets the guard.
const guarded = new RegExp(`^${proxyConfig.matcher[0]}$`);
const routeModules = new Map<string, Record<string, unknown>>();

/** A request as a client sends it: through the guard, then to the route handler, in-process. */
async function call(key: string, { params = {}, query, body, rawBody, headers, as = "token" }: Call = {}) {
  const [method, template] = key.split(" ");
  const pathname = template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name]);
  const sent = new Headers({ host: "127.0.0.1:3000", "user-agent": "vitest", [PEER_ADDRESS_HEADER]: "198.51.100.7" });
  if (body !== undefined) sent.set("content-type", "application/json");
  if (as === "token") sent.set("authorization", `Bearer ${token}`);
  if (as === "session") sent.set("cookie", `awm_session=${session}`);
  for (const [name, value] of Object.entries(headers ?? {})) sent.set(name, value);
  const request = new NextRequest(new URL(`${pathname}${query ? `?${query}` : ""}`, ORIGIN), {
    method,
    headers: sent,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  if (guarded.test(pathname)) {
    const decided = await proxy(request);
    if (decided.headers.get("x-middleware-next") !== "1") return decided;
  }
  const file = path.join(APP_API, template.replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
  let module = routeModules.get(file);
  if (!module) {
    module = (await import(file)) as Record<string, unknown>;
    routeModules.set(file, module);
  }
  const handler = module[method] as (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;
  return handler(request, { params: Promise.resolve(params) });
}

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validators = new Map<string, ValidateFunction>();
/** Which answers were checked: "GET /api/x 2xx", "GET /api/x 4xx". */
const checked = new Set<string>();

/** The answer's status, headers and body are what the document says of that route and status. */
async function expectDocumented(key: string, response: Response): Promise<unknown> {
  const [method, template] = key.split(" ");
  const documented = document.paths[template]?.[method.toLowerCase()]?.responses[String(response.status)];
  const text = await response.text();
  expect(
    documented,
    `${key} answered ${response.status} ${text.slice(0, 300)}, which the document does not list`,
  ).toBeDefined();
  const content = documented?.content ?? {};
  const contentType = response.headers.get("content-type") ?? "";
  checked.add(`${key} ${String(response.status)[0]}xx`);
  if (Object.keys(content).length === 0) {
    expect(text).toBe("");
    return undefined;
  }
  expect(
    Object.keys(content).some((type) => contentType.startsWith(type)),
    `${key}: ${contentType}`,
  ).toBe(true);
  const eventData = content["text/event-stream"]?.["x-event-data"];
  if (eventData) {
    const events = [...text.matchAll(/^data: (.*)$/gm)].map((match) => JSON.parse(match[1]) as unknown);
    expect(events.length, `${key}: no event to check`).toBeGreaterThan(0);
    for (const event of events) expectValid(`${key} event`, eventData, event);
    return text;
  }
  const schema = content["application/json"]?.schema;
  if (!schema) return text;
  const json: unknown = JSON.parse(text);
  expectValid(`${key} ${response.status}`, schema, json);
  return json;
}

function expectValid(id: string, schema: Record<string, unknown>, value: unknown) {
  let validate = validators.get(id);
  if (!validate) {
    // The one $ref the document holds: the error shape, in components.
    const resolved = schema.$ref === "#/components/schemas/Error" ? document.components.schemas.Error : schema;
    validate = ajv.compile(resolved);
    validators.set(id, validate);
  }
  expect(validate(value), `${id}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`).toBe(
    true,
  );
}

async function answered<T>(key: string, request: Call, status: number): Promise<T> {
  const response = await call(key, request);
  expect(response.status, key).toBe(status);
  return (await expectDocumented(key, response)) as T;
}

describe("the document", () => {
  it("describes every route and method under app/api, and nothing else", () => {
    const fromFiles = apiRoutes.flatMap((route) =>
      route.methods.map((method) => `${method} ${openApiPath(route.pattern)}`),
    );
    const documented = Object.entries(document.paths).flatMap(([template, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${template}`),
    );
    const missing = "each route's entry goes in lib/http/openapi/routes.ts";
    expect(documented.sort(), missing).toEqual(fromFiles.sort());
    expect(Object.keys(API_ROUTES).sort(), missing).toEqual(fromFiles.sort());
  });

  it("covers every API route of ROUTE_ACCESS, public exactly where ROUTE_ACCESS says", () => {
    const listed = Object.entries(ROUTE_ACCESS).filter(([key]) => key.startsWith("route /api/"));
    expect(listed.map(([key]) => openApiPath(key.slice("route ".length))).sort()).toEqual(
      Object.keys(document.paths).sort(),
    );
    for (const [key, access] of listed) {
      for (const [method, operation] of Object.entries(document.paths[openApiPath(key.slice("route ".length))])) {
        expect(operation.security?.length === 0 ? "public" : "protected", `${method} ${key}`).toBe(access);
      }
    }
  });

  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect((document as unknown as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("is public", async () => {
    await answered("GET /api/openapi.json", { as: "none" }, 200);
  });
});

describe("each route's answers validate against the document", () => {
  let deliveryId: string;
  let subscriptionId: string;
  let snapshots: number[];
  let destinationId: number;

  it("GET /api/health", async () => {
    await answered("GET /api/health", { as: "none" }, 200);
  });

  it("POST /api/auth/sign-in", async () => {
    const key = "POST /api/auth/sign-in";
    await answered(key, { as: "none", body: { password: PASSWORD } }, 200);
    await answered(key, { as: "none", body: { password: "not-the-password" } }, 401);
  });

  it("POST /api/auth/sign-out", async () => {
    const key = "POST /api/auth/sign-out";
    await answered(key, { as: "none" }, 303);
    await answered(key, { as: "none", headers: { origin: "https://evil.example" } }, 403);
  });

  it("sessions and tokens, with a session (tokens may not manage them)", async () => {
    await answered("GET /api/sessions", { as: "session" }, 200);
    await answered("GET /api/sessions", { as: "token" }, 403);
    const other = await newSession();
    const { sessions } = await answered<{ sessions: { id: number; current: boolean }[] }>(
      "GET /api/sessions",
      { as: "session", headers: { cookie: `awm_session=${other}` } },
      200,
    );
    const otherId = String(sessions.find((listed) => listed.current)?.id);
    await answered("DELETE /api/sessions/{id}", { as: "session", params: { id: otherId } }, 204);
    await answered("DELETE /api/sessions/{id}", { as: "session", params: { id: NO_SUCH_ID } }, 404);

    const created = await answered<{ apiToken: { id: number } }>(
      "POST /api/tokens",
      { as: "session", body: { name: "second", scope: "read" } },
      201,
    );
    await answered("POST /api/tokens", { as: "session", body: { name: "", scope: "admin" } }, 400);
    await answered("GET /api/tokens", { as: "session" }, 200);
    await answered("GET /api/tokens", { as: "none" }, 401);
    const revoked = { as: "session", params: { id: String(created.apiToken.id) } } as const;
    await answered("DELETE /api/tokens/{id}", revoked, 204);
    await answered("DELETE /api/tokens/{id}", revoked, 404);
  });

  it("GET /api/accelo/connection", async () => {
    await answered("GET /api/accelo/connection", {}, 200);
    await answered("GET /api/accelo/connection", { as: "none" }, 401);
  });

  it("the subscription routes, against the Accelo stand-in", async () => {
    await answered("GET /api/subscriptions", {}, 200);
    await answered("GET /api/subscriptions", { headers: { authorization: "Bearer awm_unknown" } }, 401);
    const { subscription } = await answered<{ subscription: { id: string } }>(
      "POST /api/subscriptions",
      { body: { eventId: "assign_task", contentType: "application/json" } },
      201,
    );
    subscriptionId = subscription.id;
    await answered("POST /api/subscriptions", { body: {} }, 400);
    const dispatched = await answered<{ delivery: { id: number } | null }>(
      "POST /api/subscriptions/{id}/dispatch",
      { params: { id: subscriptionId }, body: { objectId: "42" } },
      200,
    );
    deliveryId = String(dispatched.delivery?.id);
    await answered(
      "POST /api/subscriptions/{id}/dispatch",
      { params: { id: subscriptionId }, body: { objectId: "forty-two" } },
      400,
    );
  });

  it("POST /api/webhooks/accelo", async () => {
    const key = "POST /api/webhooks/accelo";
    const body = "id=7&resource_url=https%3A%2F%2Fexample.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F7";
    const signature = createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex");
    const form = { "content-type": "application/x-www-form-urlencoded", "x-accelo-event": "create_task" };
    await answered(key, { as: "none", rawBody: body, headers: { ...form, "x-hub-signature": signature } }, 200);
    await answered(key, { as: "none", rawBody: body, headers: form }, 401);
  });

  it("the delivery list, its stream and one delivery", async () => {
    await answered("GET /api/deliveries", { query: "verdict=valid,missing&limit=10" }, 200);
    await answered("GET /api/deliveries", { query: "limit=0" }, 400);
    await answered("GET /api/deliveries/recent-failures", {}, 200);
    await answered("GET /api/deliveries/recent-failures", { as: "none" }, 401);
    const events = await answered<string>("GET /api/deliveries/stream", { query: "after=0&follow=false" }, 200);
    expect(events).toContain(`id: ${deliveryId}`);
    await answered("GET /api/deliveries/stream", { query: "after=-1" }, 400);
    const exported = await answered<string>("GET /api/deliveries/export", { query: "format=ndjson" }, 200);
    expect(exported.split("\n").map((line) => line && (JSON.parse(line) as { id: number }).id)).toContain(
      Number(deliveryId),
    );
    await answered("GET /api/deliveries/export", { query: "format=xml" }, 400);
    for (const key of [
      "GET /api/deliveries/{id}",
      "GET /api/deliveries/{id}/attempts",
      "GET /api/deliveries/{id}/snapshot",
    ]) {
      await answered(key, { params: { id: deliveryId } }, 200);
      await answered(key, { params: { id: NO_SUCH_ID } }, 404);
    }
  });

  it("snapshots: refresh, an object's timeline, a diff", async () => {
    const key = "POST /api/deliveries/{id}/refresh";
    const first = await answered<{ snapshot: { id: number } }>(key, { params: { id: deliveryId } }, 200);
    standIn.setObject("tasks", 42, { title: "Renamed" });
    const second = await answered<{ snapshot: { id: number } }>(key, { params: { id: deliveryId } }, 200);
    snapshots = [first.snapshot.id, second.snapshot.id];
    await answered(key, { params: { id: NO_SUCH_ID } }, 404);
    const object = { type: "tasks", id: "42" };
    await answered("GET /api/resources/{type}/{id}", { params: object }, 200);
    await answered("GET /api/resources/{type}/{id}", { params: { type: "Not A Type", id: "42" } }, 400);
    const diff = "GET /api/resources/{type}/{id}/diff";
    await answered(diff, { params: object, query: `from=${snapshots[0]}&to=${snapshots[1]}` }, 200);
    await answered(diff, { params: object, query: `from=${NO_SUCH_ID}&to=${snapshots[1]}` }, 404);
  });

  it("destinations, a replay of one delivery and bulk replays", async () => {
    const { destination } = await answered<{ destination: { id: number } }>(
      "POST /api/destinations",
      { body: { name: "Sink", url: "http://127.0.0.1:9/hook" } },
      201,
    );
    destinationId = destination.id;
    const id = String(destinationId);
    await answered("POST /api/destinations", { body: { name: "" } }, 400);
    await answered("GET /api/destinations", {}, 200);
    await answered("GET /api/destinations", { as: "none" }, 401);
    await answered("PATCH /api/destinations/{id}", { params: { id }, body: { name: "Renamed sink" } }, 200);
    await answered("PATCH /api/destinations/{id}", { params: { id: NO_SUCH_ID }, body: { name: "x" } }, 404);

    const replay = "POST /api/deliveries/{id}/replay";
    await answered(replay, { params: { id: deliveryId }, body: { destinationId } }, 202);
    await answered(replay, { params: { id: deliveryId }, body: { destinationId: Number(NO_SUCH_ID) } }, 404);

    await answered("POST /api/replays", { body: { destinationId, dryRun: true } }, 200);
    const started = await answered<{ replay: { id: number } }>("POST /api/replays", { body: { destinationId } }, 202);
    await answered("POST /api/replays", { body: { destinationId: Number(NO_SUCH_ID) } }, 404);
    await answered("GET /api/replays", {}, 200);
    await answered("GET /api/replays", { as: "none" }, 401);
    for (const key of ["GET /api/replays/{id}", "POST /api/replays/{id}/cancel"]) {
      await answered(key, { params: { id: String(started.replay.id) } }, 200);
      await answered(key, { params: { id: NO_SUCH_ID } }, 404);
    }

    await answered("DELETE /api/destinations/{id}", { params: { id } }, 204);
    await answered("DELETE /api/destinations/{id}", { params: { id } }, 404);
  });

  it("alert channels and rules", async () => {
    const { channel } = await answered<{ channel: { id: number } }>(
      "POST /api/channels",
      { body: { kind: "webhook", name: "Hook", url: "http://127.0.0.1:9/alerts" } },
      201,
    );
    const channelId = String(channel.id);
    await answered("POST /api/channels", { body: { kind: "pager", name: "x" } }, 400);
    await answered("GET /api/channels", {}, 200);
    await answered("GET /api/channels", { as: "none" }, 401);
    await answered("PATCH /api/channels/{id}", { params: { id: channelId }, body: { name: "Renamed hook" } }, 200);
    await answered("PATCH /api/channels/{id}", { params: { id: NO_SUCH_ID }, body: { name: "x" } }, 404);
    await answered("POST /api/channels/{id}/test", { params: { id: channelId } }, 200);
    await answered("POST /api/channels/{id}/test", { params: { id: NO_SUCH_ID } }, 404);

    const condition = { kind: "signature_failures", threshold: 3, windowMinutes: 5 };
    const { rule } = await answered<{ rule: { id: number } }>(
      "POST /api/alert-rules",
      { body: { name: "Forgeries", condition, channels: [channel.id] } },
      201,
    );
    const ruleId = String(rule.id);
    await answered("POST /api/alert-rules", { body: { name: "x", condition: { kind: "nothing" } } }, 400);
    await answered("GET /api/alert-rules", {}, 200);
    await answered("GET /api/alert-rules", { as: "none" }, 401);
    await answered("PATCH /api/alert-rules/{id}", { params: { id: ruleId }, body: { enabled: false } }, 200);
    await answered("PATCH /api/alert-rules/{id}", { params: { id: NO_SUCH_ID }, body: { enabled: false } }, 404);
    await answered("DELETE /api/alert-rules/{id}", { params: { id: ruleId } }, 204);
    await answered("DELETE /api/alert-rules/{id}", { params: { id: ruleId } }, 404);
    await answered("DELETE /api/channels/{id}", { params: { id: channelId } }, 204);
    await answered("DELETE /api/channels/{id}", { params: { id: channelId } }, 404);
  });

  it("the overview", async () => {
    await answered("GET /api/overview", { query: "range=7d&split=event" }, 200);
    await answered("GET /api/overview", { query: "range=year" }, 400);
  });

  it("saved views", async () => {
    const { view } = await answered<{ view: { id: string } }>(
      "POST /api/views",
      { body: { name: "Forged", query: "verdict=invalid" } },
      201,
    );
    await answered("POST /api/views", { body: { name: "Forged", query: "verdict=invalid" } }, 409);
    await answered("GET /api/views", {}, 200);
    await answered("GET /api/views", { as: "none" }, 401);
    await answered("DELETE /api/views/{id}", { params: { id: view.id } }, 204);
    await answered("DELETE /api/views/{id}", { params: { id: view.id } }, 404);
  });

  it("deletes the subscription", async () => {
    const key = "DELETE /api/subscriptions/{id}";
    await answered(key, { params: { id: subscriptionId } }, 204);
    await answered(key, { params: { id: "not-an-id" } }, 400);
  });

  it("changes the password and signs out everywhere, last: both end the test's session", async () => {
    const key = "POST /api/auth/password";
    await answered(key, { as: "session", body: { currentPassword: "wrong", newPassword: "x".repeat(20) } }, 403);
    await answered(key, { as: "session", body: { currentPassword: PASSWORD, newPassword: `${PASSWORD}-2` } }, 200);
    session = await newSession();
    await answered("DELETE /api/sessions", { as: "session" }, 200);
    await answered("DELETE /api/sessions", { as: "session" }, 401);
  });

  it("checked a success of every route, and an error of every route that has one", () => {
    const expected = Object.entries(document.paths).flatMap(([template, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) => {
        const key = `${method.toUpperCase()} ${template}`;
        const families = Object.keys(operation.responses).map((status) => `${status[0]}xx`);
        return [...new Set(families)].filter((family) => family !== "5xx").map((family) => `${key} ${family}`);
      }),
    );
    const unchecked = expected.filter((entry) => !checked.has(entry));
    expect(unchecked, "call these above: a success, and an error where the route has one").toEqual([]);
  });
});
