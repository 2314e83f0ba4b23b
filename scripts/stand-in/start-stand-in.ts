// A stand-in for Accelo's REST API, for tests and the demo: NOT Accelo. It answers like the API
// described in ../shared/ACCELO.md (envelope, `_fields`, status words, rate limit headers, the
// client-credentials token endpoint) for a few object types, and lets a test change objects and
// switch faults on through /__control. Every answer says it is a stand-in.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AcceloObject,
  DEFAULT_FIELDS,
  SAMPLE_ID_LIMIT,
  STAND_IN_TYPES,
  type StandInType,
  sampleObject,
} from "./sample-objects";
import { createSubscriptionStore, EVENT_TYPES, type SentDelivery, type Subscription } from "./subscriptions";

export const STAND_IN_BANNER = "Accelo API stand-in for tests and demos, not Accelo (scripts/accelo-stand-in.ts)";
export const STAND_IN_HEADER = "x-accelo-stand-in";

export const STAND_IN_CLIENT_ID = "stand-in-client";
export const STAND_IN_CLIENT_SECRET = "stand-in-secret";
export const STAND_IN_ACCESS_TOKEN = "stand-in-token";

/**
 * Something going wrong on purpose, for the next `times` API requests (all of them if absent) to
 * `path` (every path if absent). A test that means one request names its path, so that another
 * request (the background fetch of another object) cannot take the fault first.
 */
export type StandInFault = { times?: number; path?: string } & (
  | { kind: "rate_limited"; resetInSeconds?: number }
  | { kind: "server_error" }
  | { kind: "slow"; delayMs: number }
  | { kind: "hang_up" }
  /** 401 whatever the token, as if Accelo had just revoked it. */
  | { kind: "unauthorized" }
);

export interface StandInOptions {
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** Tokens accepted without asking the token endpoint, like a long-lived ACCELO_ACCESS_TOKEN. */
  accessTokens?: string[];
  tokenLifetimeSeconds?: number;
  /** Requests an hour before 429, like Accelo's 5,000. */
  hourlyLimit?: number;
  /** Print each request (the CLI does; tests do not). */
  log?: boolean;
  /** Answer every API request 200, its status only in meta, as Accelo's `_suppress_http_status` does. */
  suppressHttpStatus?: boolean;
}

export interface StandInRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  type?: string;
  id?: string;
}

export interface StandIn {
  /** e.g. http://127.0.0.1:4010: what ACCELO_API_BASE_URL should be. */
  origin: string;
  resourceUrl(type: string, id: string | number): string;
  setObject(type: StandInType, id: string | number, fields: AcceloObject): AcceloObject;
  deleteObject(type: StandInType, id: string | number): void;
  setFault(fault: StandInFault): void;
  clearFaults(): void;
  /** Every token issued so far stops working, as if revoked or expired on Accelo's side. */
  revokeTokens(): void;
  requests(): StandInRequest[];
  /** Every token the token endpoint has handed out, expired and revoked ones included. */
  issuedTokens(): string[];
  /** API requests (not token or control requests) for one object. */
  requestCount(type: string, id: string | number): number;
  tokenRequests(): number;
  /** The webhook subscriptions the stand-in keeps, secrets left out, as the API lists them. */
  subscriptions(): Subscription[];
  /** Deletes a subscription on the stand-in's side, as Accelo does after too many failures. */
  deleteSubscription(id: string): boolean;
  /** Every delivery the stand-in POSTed to a trigger_url, with the receiver's answer. */
  sentDeliveries(): SentDelivery[];
  /** Waits until the deliveries under way (a change, a dispatch) have been answered. */
  settled(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const envelope = (status: string, response: unknown, message?: string) => ({
  meta: {
    status,
    message: message ?? (status === "ok" ? "Everything executed as expected!" : status),
    more_info: STAND_IN_BANNER,
  },
  response,
});

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_000_000) request.destroy(new Error("control body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function isStandInType(type: string): type is StandInType {
  return (STAND_IN_TYPES as readonly string[]).includes(type);
}

/** Picks fields the way Accelo does: defaults, `_ALL`, or a list (linked objects like `company()` by name). */
function selectFields(type: StandInType, object: AcceloObject, fieldsParam: string | null): AcceloObject {
  if (fieldsParam === "_ALL") return object;
  const wanted = new Set(DEFAULT_FIELDS[type]);
  for (const field of (fieldsParam ?? "").split(",")) {
    const name = field.trim().replace(/\(.*\)$/, "");
    if (name) wanted.add(name);
  }
  return Object.fromEntries(Object.entries(object).filter(([key]) => wanted.has(key)));
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const clientId = options.clientId ?? STAND_IN_CLIENT_ID;
  const clientSecret = options.clientSecret ?? STAND_IN_CLIENT_SECRET;
  const staticTokens = new Set(options.accessTokens ?? [STAND_IN_ACCESS_TOKEN]);
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 2_592_000;
  const hourlyLimit = options.hourlyLimit ?? 5000;

  const changed = new Map<string, AcceloObject>();
  const deleted = new Set<string>();
  const issuedTokens = new Map<string, number>(); // token → expiry (ms)
  const everIssued: string[] = [];
  let faults: { fault: StandInFault; left: number }[] = [];
  let log: StandInRequest[] = [];
  let tokenRequestCount = 0;
  let windowStart = Date.now();
  let usedInWindow = 0;

  const key = (type: string, id: string | number) => `${type}/${id}`;
  // The origin is known once the server listens; deliveries are only sent after that.
  let origin = "";
  const subscriptions = createSubscriptionStore((type, id) => `${origin}/api/v0/${type}/${id}`);

  function findObject(type: StandInType, id: string): AcceloObject | undefined {
    const k = key(type, id);
    if (deleted.has(k)) return undefined;
    const known = changed.get(k);
    if (known) return known;
    const n = Number(id);
    return /^[1-9][0-9]*$/.test(id) && n <= SAMPLE_ID_LIMIT ? sampleObject(type, n) : undefined;
  }

  function rateLimitHeaders(remaining: number, resetAt: number): Record<string, string> {
    return {
      "x-ratelimit-limit": String(hourlyLimit),
      "x-ratelimit-remaining": String(Math.max(0, remaining)),
      "x-ratelimit-reset": String(Math.ceil(resetAt / 1000)),
    };
  }

  function takeFault(path: string): StandInFault | undefined {
    const active = faults.find(({ fault }) => fault.path === undefined || fault.path === path);
    if (!active) return undefined;
    active.left--;
    if (active.left <= 0) faults = faults.filter((entry) => entry !== active);
    return active.fault;
  }

  function tokenAnswer(authorization: string | undefined, body: string): Answer {
    tokenRequestCount++;
    const [scheme, encoded] = (authorization ?? "").split(" ");
    const [id, secret] = Buffer.from(encoded ?? "", "base64")
      .toString("utf8")
      .split(":");
    if (scheme?.toLowerCase() !== "basic" || id !== clientId || secret !== clientSecret) {
      return { status: 401, body: envelope("invalid_client", null, "Client authentication failed") };
    }
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "client_credentials") {
      return {
        status: 400,
        body: envelope("unsupported_grant_type", null, "Only client_credentials is supported here"),
      };
    }
    const accessToken = `standin_${randomBytes(12).toString("hex")}`;
    issuedTokens.set(accessToken, Date.now() + tokenLifetimeSeconds * 1000);
    everIssued.push(accessToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: "bearer",
        expires_in: tokenLifetimeSeconds,
        scope: form.get("scope") ?? "read(all)",
        deployment: "stand-in",
        more_info: STAND_IN_BANNER,
      },
    };
  }

  function tokenIsValid(authorization: string | undefined): boolean {
    const match = /^Bearer (.+)$/i.exec(authorization ?? "");
    if (!match) return false;
    const token = match[1];
    if (staticTokens.has(token)) return true;
    const expires = issuedTokens.get(token);
    return expires !== undefined && expires > Date.now();
  }

  /** A request body as Accelo takes it: a form (its default) or JSON. */
  function fieldsOf(body: string): Record<string, unknown> {
    try {
      const json = JSON.parse(body) as unknown;
      if (typeof json === "object" && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
    } catch {
      // Not JSON: a form.
    }
    return Object.fromEntries(new URLSearchParams(body));
  }

  /**
   * /api/v0/webhooks/subscriptions…: list, types, create, delete, dispatch and trigger. How Accelo
   * shapes the lists is not documented; these answer `{subscriptions: [...]}` and
   * `{event_types: [...]}`, and the app's client reads a bare array as well.
   */
  async function webhookAnswer(
    method: string,
    pathname: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<Answer> {
    const match = /^\/api\/v0\/webhooks\/subscriptions(?:\/([^/]+))?(?:\/(dispatch|trigger))?$/.exec(pathname);
    const notFound = (message: string): Answer => ({
      status: 400,
      headers,
      body: envelope("invalid_request", null, message),
    });
    if (!match)
      return { status: 404, headers, body: envelope("invalid_request", null, "No such endpoint on the stand-in") };
    const [, id, action] = match;
    if (method === "GET" && id === undefined) {
      return { status: 200, headers, body: envelope("ok", { subscriptions: subscriptions.list() }) };
    }
    if (method === "GET" && id === "types" && !action) {
      return { status: 200, headers, body: envelope("ok", { event_types: EVENT_TYPES }) };
    }
    if (method === "POST" && id === undefined) {
      const created = subscriptions.create(fieldsOf(body));
      if (created.kind === "invalid") return notFound(created.message);
      return { status: 201, headers, body: envelope("ok", { subscription: created.subscription }) };
    }
    if (method === "DELETE" && id !== undefined && !action) {
      return subscriptions.remove(id)
        ? { status: 200, headers, body: envelope("ok", {}) }
        : notFound(`No subscription ${id}`);
    }
    if (method === "POST" && id !== undefined && action) {
      const objectId = String(fieldsOf(body).object_id ?? "");
      if (!/^[1-9][0-9]*$/.test(objectId)) return notFound("object_id must be an object's id");
      if (action === "dispatch") {
        const answered = await subscriptions.dispatch(id, objectId);
        return answered ? { status: 200, headers, body: envelope("ok", answered) } : notFound(`No subscription ${id}`);
      }
      const subscription = subscriptions.list().find((candidate) => candidate.subscription_id === id);
      if (!subscription) return notFound(`No subscription ${id}`);
      for (const other of subscriptions.list().filter((candidate) => candidate.event_id === subscription.event_id)) {
        void subscriptions.dispatch(other.subscription_id, objectId);
      }
      return { status: 200, headers, body: envelope("ok", {}) };
    }
    return { status: 404, headers, body: envelope("invalid_request", null, "No such endpoint on the stand-in") };
  }

  async function apiAnswer(
    method: string,
    url: URL,
    authorization: string | undefined,
    body: string,
    socket: () => void,
  ): Promise<Answer | "hung_up"> {
    if (Date.now() - windowStart >= 3_600_000) {
      windowStart = Date.now();
      usedInWindow = 0;
    }
    usedInWindow++;
    const resetAt = windowStart + 3_600_000;
    const fault = takeFault(url.pathname);
    if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === "hang_up") {
      socket();
      return "hung_up";
    }
    if (fault?.kind === "rate_limited" || usedInWindow > hourlyLimit) {
      const reset = fault?.kind === "rate_limited" ? Date.now() + (fault.resetInSeconds ?? 60) * 1000 : resetAt;
      return {
        status: 429,
        headers: { ...rateLimitHeaders(0, reset), "retry-after": String(Math.ceil((reset - Date.now()) / 1000)) },
        body: envelope("too_many_requests", null, "Too many requests: wait for the rate limit to reset"),
      };
    }
    const headers = rateLimitHeaders(hourlyLimit - usedInWindow, resetAt);
    if (fault?.kind === "server_error") {
      return { status: 500, headers, body: envelope("server_error", null, "Something went wrong (on purpose)") };
    }
    if (fault?.kind === "unauthorized" || !tokenIsValid(authorization)) {
      return {
        status: 401,
        headers,
        body: envelope("invalid_client", null, "The access token is invalid or has expired"),
      };
    }
    if (url.pathname.startsWith("/api/v0/webhooks/")) return webhookAnswer(method, url.pathname, body, headers);
    if (method !== "GET") {
      return { status: 404, headers, body: envelope("invalid_request", null, "No such endpoint on the stand-in") };
    }
    const path = /^\/api\/v0\/([a-z_]+)\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === "/api/v0/tokeninfo") {
      const token = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
      const expiresAt = issuedTokens.get(token);
      const info = {
        deployment: "stand-in",
        scope: "read(all)",
        user_id: "1",
        user_firstname: "Stand",
        user_surname: "In",
        user_email: "stand-in@example.invalid",
        // Long-lived tokens given as ACCELO_ACCESS_TOKEN say no expiry.
        ...(expiresAt !== undefined && { expires: String(Math.floor(expiresAt / 1000)) }),
      };
      return { status: 200, headers, body: envelope("ok", info) };
    }
    if (!path || !isStandInType(path[1])) {
      return { status: 404, headers, body: envelope("invalid_request", null, "No such endpoint on the stand-in") };
    }
    const object = findObject(path[1], path[2]);
    if (!object) {
      return { status: 400, headers, body: envelope("invalid_request", null, `No ${path[1]} with id ${path[2]}`) };
    }
    return {
      status: 200,
      headers,
      body: envelope("ok", selectFields(path[1], object, url.searchParams.get("_fields"))),
    };
  }

  const standIn: Omit<StandIn, "origin" | "resourceUrl" | "close"> = {
    setObject(type, id, fields) {
      const existing = findObject(type, String(id));
      const current = existing ?? {};
      const next: AcceloObject = {
        ...current,
        ...fields,
        id: String(id),
        date_modified: String(Math.floor(Date.now() / 1000)),
      };
      deleted.delete(key(type, id));
      changed.set(key(type, id), next);
      // As in Accelo: a change sends a delivery to every subscription of its kind, after the answer.
      void subscriptions.fire(type, String(id), existing ? "update" : "create");
      return next;
    },
    deleteObject(type, id) {
      changed.delete(key(type, id));
      deleted.add(key(type, id));
    },
    setFault(fault) {
      faults.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    revokeTokens() {
      issuedTokens.clear();
    },
    requests: () => [...log],
    issuedTokens: () => [...everIssued],
    requestCount: (type, id) => log.filter((entry) => entry.type === type && entry.id === String(id)).length,
    tokenRequests: () => tokenRequestCount,
    subscriptions: () => subscriptions.list(),
    deleteSubscription: (id) => subscriptions.remove(id),
    sentDeliveries: () => subscriptions.sent(),
    settled: () => subscriptions.settled(),
    reset() {
      subscriptions.reset();
      changed.clear();
      deleted.clear();
      issuedTokens.clear();
      faults = [];
      log = [];
      tokenRequestCount = 0;
      windowStart = Date.now();
      usedInWindow = 0;
    },
  };

  async function controlAnswer(method: string, url: URL, body: string): Promise<Answer> {
    const parts = url.pathname.split("/").filter(Boolean).slice(1);
    const json = body ? (JSON.parse(body) as unknown) : {};
    if (parts[0] === "objects" && parts.length === 3 && isStandInType(parts[1])) {
      if (method === "POST") return { status: 200, body: standIn.setObject(parts[1], parts[2], json as AcceloObject) };
      if (method === "DELETE") {
        standIn.deleteObject(parts[1], parts[2]);
        return { status: 200, body: { deleted: true } };
      }
      if (method === "GET") return { status: 200, body: findObject(parts[1], parts[2]) ?? null };
    }
    if (parts[0] === "faults" && method === "POST") {
      standIn.setFault(json as StandInFault);
      return { status: 200, body: { faults: faults.map(({ fault }) => fault) } };
    }
    if (parts[0] === "faults" && method === "DELETE") {
      standIn.clearFaults();
      return { status: 200, body: { faults: [] } };
    }
    if (parts[0] === "tokens" && parts[1] === "revoke" && method === "POST") {
      standIn.revokeTokens();
      return { status: 200, body: { revoked: true } };
    }
    if (parts[0] === "requests" && method === "GET") return { status: 200, body: standIn.requests() };
    if (parts[0] === "subscriptions" && parts.length === 1 && method === "GET") {
      return { status: 200, body: standIn.subscriptions() };
    }
    // Made outside the dashboard, as with curl: a subscription whose secret the app may not know.
    if (parts[0] === "subscriptions" && parts.length === 1 && method === "POST") {
      const created = subscriptions.create(json as Record<string, unknown>);
      return created.kind === "created"
        ? { status: 201, body: created.subscription }
        : { status: 400, body: { error: created.message } };
    }
    // Gone on Accelo's side, as after too many failed deliveries: what the app must notice.
    if (parts[0] === "subscriptions" && parts.length === 2 && method === "DELETE") {
      return { status: 200, body: { deleted: standIn.deleteSubscription(parts[1]) } };
    }
    if (parts[0] === "deliveries" && method === "GET") return { status: 200, body: standIn.sentDeliveries() };
    if (parts[0] === "reset" && method === "POST") {
      standIn.reset();
      return { status: 200, body: { reset: true } };
    }
    return { status: 404, body: { error: "unknown control route" } };
  }

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const method = request.method ?? "GET";
    let answer: Answer | "hung_up";
    try {
      const body = await readBody(request);
      if (url.pathname.startsWith("/__control/")) {
        answer = await controlAnswer(method, url, body);
      } else if (url.pathname === "/oauth2/v0/token" && method === "POST") {
        answer = tokenAnswer(request.headers.authorization, body);
      } else if (url.pathname.startsWith("/api/v0/")) {
        answer = await apiAnswer(method, url, request.headers.authorization, body, () => request.socket.destroy());
        // Accelo's `_suppress_http_status`: every answer is a 200, its status only in meta.
        const suppress = options.suppressHttpStatus || url.searchParams.get("_suppress_http_status") === "1";
        if (answer !== "hung_up" && suppress) {
          answer = { ...answer, status: 200 };
        }
        const path = /^\/api\/v0\/([a-z_]+)\/([^/]+)$/.exec(url.pathname);
        log.push({
          at: new Date().toISOString(),
          method,
          path: url.pathname + url.search,
          status: answer === "hung_up" ? 0 : answer.status,
          ...(path && { type: path[1], id: path[2] }),
        });
      } else {
        answer = { status: 404, body: envelope("invalid_request", null, "Not found on the stand-in") };
      }
    } catch (error) {
      answer = { status: 400, body: { error: (error as Error).message } };
    }
    if (answer === "hung_up") return;
    if (options.log) console.log(`[stand-in] ${method} ${url.pathname}${url.search} → ${answer.status}`);
    response.writeHead(answer.status, {
      "content-type": "application/json",
      [STAND_IN_HEADER]: STAND_IN_BANNER,
      ...answer.headers,
    });
    response.end(JSON.stringify(answer.body));
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;

  return {
    ...standIn,
    origin,
    resourceUrl: (type, id) => `${origin}/api/v0/${type}/${id}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
