import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type APIResponse, type BrowserContext, chromium, type Route } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { signBody } from "@/lib/receiver/signature/sign";
import type { FreshDatabase } from "@/scripts/bench/fresh-database";
import { freePort, type RunningApp, startApp } from "@/scripts/lib/app-server";
import { type StandIn, startStandIn } from "@/scripts/stand-in/start-stand-in";
import { type DiscoveredRoute, discoverRoutes, fillRoute, NO_SUCH_ROUTES } from "@/tests/app-routes";
import { CHROMIUM_LAUNCH_OPTIONS } from "@/tests/chromium";
import { freshDatabase, POSTGRES_SERVER, POSTGRES_SKIPPED, withDb } from "./load-harness";
import { LOAD_DIST_DIR } from "./production-build";

// Issue 5: no secret (webhook secrets, Accelo token, client id and secret, dashboard password,
// session secret, database password) appears in any response, page, server log line or database
// row. The production build runs with random canary values for every one of them, is driven
// through everything it does (sign-in, deliveries signed with each secret and not, automatic
// fetches, Refresh, Accelo refusing the token and failing), every page and API route is walked
// signed in and out, and then every byte it produced is searched for each secret.
//
// One server cannot use both kinds of Accelo credentials (ACCELO_ACCESS_TOKEN wins), so the same
// database is served three times: with the access token, with a client secret Accelo refuses, and
// with the right client id and secret, the last with the browser walk over everything stored.

/** Characters that URL, JSON and HTML encoding change, so the app meets secrets as they come. */
const AWKWARD_CHARACTERS = `+/&"<=`;

interface Secret {
  name: string;
  value: string;
  /** A random run inside the value that URL, JSON and HTML escaping leave as it is. */
  core: string;
  /** Where it is handed out by design: a session token in the Set-Cookie that signs in. */
  handedOutIn?: Source;
}

function canary(name: string, label: string): Secret {
  const core = randomBytes(12).toString("hex");
  return { name, value: `leak-${label}-${core}${AWKWARD_CHARACTERS}`, core };
}

/**
 * The byte strings that give a secret away: itself, its core (which survives any escaping), its
 * hex, and its base64 in either alphabet at each of the three offsets it can sit at inside a
 * longer encoded string (`Basic base64(id:secret)`), without the edge characters it shares.
 */
function formsOf(secret: Secret): { form: string; bytes: Buffer }[] {
  const raw = Buffer.from(secret.value);
  const forms = [
    { form: "plain", text: secret.value },
    { form: "core", text: secret.core },
    { form: "hex", text: raw.toString("hex") },
    { form: "HEX", text: raw.toString("hex").toUpperCase() },
  ];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), raw]).toString("base64");
    const inner = encoded.slice(offset === 0 ? 0 : 4, -4);
    forms.push({ form: `base64@${offset}`, text: inner });
    forms.push({ form: `base64url@${offset}`, text: inner.replaceAll("+", "-").replaceAll("/", "_") });
  }
  return forms.map(({ form, text }) => ({ form, bytes: Buffer.from(text) }));
}

/** Set-Cookie lines are kept apart from the rest of a response: that is where a session is handed out. */
type Source = "response" | "set-cookie" | "page" | "log" | "row" | "file";

interface Haystack {
  source: Source;
  where: string;
  bytes: Buffer;
}

interface Finding {
  secret: string;
  form: string;
  source: Source;
  where: string;
}

function findSecret(secret: Secret, haystacks: Haystack[]): Finding[] {
  const found: Finding[] = [];
  for (const { form, bytes } of formsOf(secret)) {
    for (const { source, where, bytes: haystack } of haystacks) {
      if (source !== secret.handedOutIn && haystack.includes(bytes))
        found.push({ secret: secret.name, form, source, where });
    }
  }
  return found;
}

/** "ACCELO_CLIENT_SECRET (base64@1) in response GET /… → 200" */
const describeFinding = ({ secret, form, source, where }: Finding) => `${secret} (${form}) in ${source} ${where}`;

/** What the server sent and rendered, gathered while the scenario runs. */
class Evidence {
  readonly haystacks: Haystack[] = [];

  add(source: Source, where: string, bytes: Buffer | string): void {
    this.haystacks.push({ source, where, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes) });
  }

  /** An answer: its Set-Cookie lines, and the other headers with the body. */
  addResponse(where: string, headers: [string, string][], body: Buffer): void {
    const lines = (wanted: (name: string) => boolean) =>
      headers
        .filter(([name]) => wanted(name.toLowerCase()))
        .map(([name, value]) => `${name}: ${value}\n`)
        .join("");
    this.add(
      "set-cookie",
      where,
      lines((name) => name === "set-cookie"),
    );
    this.add("response", where, Buffer.concat([Buffer.from(`${lines((name) => name !== "set-cookie")}\n`), body]));
  }

  /** Every session token the server handed out. */
  sessionTokens(): string[] {
    return this.haystacks
      .filter(({ source }) => source === "set-cookie")
      .flatMap(({ bytes }) => [...bytes.toString("utf8").matchAll(/awm_session=([^;\s]+)/g)].map((match) => match[1]));
  }

  count(source: Source): number {
    return this.haystacks.filter((haystack) => haystack.source === source).length;
  }
}

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

/** A client of one running server that keeps every answer, headers (Set-Cookie too) and body. */
function clientOf(app: RunningApp, evidence: Evidence) {
  return async function call(
    method: string,
    url: string,
    { cookie, body, headers = {} }: { cookie?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${app.origin}${url}`, {
      method,
      body,
      redirect: "manual",
      headers: { ...headers, ...(cookie && { cookie }) },
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    evidence.addResponse(
      `${method} ${url} → ${response.status}${cookie ? " (signed in)" : ""}`,
      [...response.headers],
      bytes,
    );
    return { status: response.status, text: bytes.toString("utf8"), headers: response.headers };
  };
}
type Call = ReturnType<typeof clientOf>;

interface Secrets {
  webhook: [Secret, Secret];
  accessToken: Secret;
  clientId: Secret;
  clientSecret: Secret;
  refusedClientSecret: Secret;
  password: Secret;
  wrongPassword: Secret;
  sessionSecret: Secret;
  appSecretKey: Secret;
  databasePassword: Secret;
}

function makeSecrets(): Secrets {
  return {
    webhook: [canary("ACCELO_WEBHOOK_SECRET #1", "webhook1"), canary("ACCELO_WEBHOOK_SECRET #2", "webhook2")],
    accessToken: canary("ACCELO_ACCESS_TOKEN", "token"),
    clientId: canary("ACCELO_CLIENT_ID", "client-id"),
    clientSecret: canary("ACCELO_CLIENT_SECRET", "client-secret"),
    refusedClientSecret: canary("ACCELO_CLIENT_SECRET (one Accelo refuses)", "refused-secret"),
    password: canary("DASHBOARD_PASSWORD", "password"),
    wrongPassword: canary("a wrong password tried at sign-in", "wrong-password"),
    sessionSecret: canary("SESSION_SECRET", "session"),
    appSecretKey: canary("APP_SECRET_KEY", "app-key"),
    databasePassword: canary("the password in DATABASE_URL", "db-password"),
  };
}

/** Sends one delivery the way Accelo would (or a forger), keeping the answer; returns the stored id. */
async function deliver(
  call: Call,
  {
    objectId,
    resourceUrl,
    secret,
    format = "form",
    algorithm = "sha1",
    prefixed = false,
    extra = {},
  }: {
    objectId: number;
    resourceUrl?: string;
    /** Absent: no X-Hub-Signature at all. */
    secret?: string;
    format?: "form" | "json";
    algorithm?: "sha1" | "sha256";
    prefixed?: boolean;
    extra?: Record<string, string>;
  },
): Promise<number> {
  const fields = { id: String(objectId), ...(resourceUrl && { resource_url: resourceUrl }), ...extra };
  const body = format === "json" ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
  const headers: Record<string, string> = {
    "content-type": format === "json" ? "application/json" : "application/x-www-form-urlencoded",
    "x-accelo-event": "update_task",
  };
  if (secret !== undefined) headers["x-hub-signature"] = signBody(body, secret, { algorithm, prefixed });
  const answer = await call("POST", "/api/webhooks/accelo", { body, headers });
  const json = JSON.parse(answer.text) as { id?: number; error?: { details?: { id?: number } } };
  const stored = json.id ?? json.error?.details?.id;
  if (stored === undefined) throw new Error(`delivery not stored: ${answer.status} ${answer.text}`);
  return stored;
}

/** Until no automatic fetch is owed: the worker has met every delivery sent so far. */
/**
 * Waits until each of these deliveries has its fetch job (the receiver writes jobs in a quiet
 * moment after answering) and no fetch is owed, so that no background fetch runs beside what a
 * test does next.
 */
async function waitForFetches(database: FreshDatabase, deliveryIds: number[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [scheduled, owed] = await withDb(database, (db) =>
      Promise.all([
        db.fetchJob.findMany({ where: { deliveryId: { in: deliveryIds } }, distinct: ["deliveryId"] }),
        db.fetchJob.count({ where: { status: { in: ["pending", "running"] } } }),
      ]),
    );
    if (scheduled.length === deliveryIds.length && owed === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `after 20 s: ${scheduled.length} of ${deliveryIds.length} deliveries scheduled, ${owed} fetches owed`,
      );
    }
    await sleep(250);
  }
}

/** The path of a resource URL: what a stand-in fault meant for one object's requests names. */
const pathOf = (url: string) => new URL(url).pathname;

async function signIn(call: Call, password: string): Promise<Answer> {
  return call("POST", "/api/auth/sign-in", {
    body: JSON.stringify({ password }),
    headers: { "content-type": "application/json" },
  });
}

function sessionCookieOf(answer: Answer): string {
  const cookie = answer.headers.getSetCookie().find((line) => line.startsWith("awm_session="));
  if (!cookie) throw new Error(`sign-in set no session cookie: ${answer.status} ${answer.text}`);
  return cookie.split(";")[0];
}

interface Stored {
  deliveryIds: number[];
  /** Each fetched resource, with its first and last snapshot for the diff route. */
  resources: { type: string; id: string; from: number; to: number }[];
}

async function storedData(database: FreshDatabase): Promise<Stored> {
  return withDb(database, async (db) => {
    const deliveries = await db.delivery.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const snapshots = await db.snapshot.findMany({
      select: { id: true, resourceType: true, resourceId: true },
      orderBy: { id: "asc" },
    });
    const resources = new Map<string, Stored["resources"][number]>();
    for (const { id, resourceType, resourceId } of snapshots) {
      const key = `${resourceType}/${resourceId}`;
      const known = resources.get(key);
      if (known) known.to = id;
      else resources.set(key, { type: resourceType, id: resourceId, from: id, to: id });
    }
    return { deliveryIds: deliveries.map(({ id }) => id), resources: [...resources.values()] };
  });
}

const ROUTES = discoverRoutes();
/** Every URL of a route for what is stored: each delivery, each resource. A new kind of segment must be added here. */
function urlsFor(route: DiscoveredRoute, stored: Stored): string[] {
  const names = [...route.pattern.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]).join(",");
  if (route.pattern === "/api/deliveries/stream") return ["/api/deliveries/stream?after=0&follow=false"];
  if (names === "") return [route.pattern === "/api/deliveries" ? "/api/deliveries?limit=100" : route.pattern];
  if (names === "id") return stored.deliveryIds.map((id) => fillRoute(route.pattern, { id: String(id) }));
  if (names === "type,id") {
    const query = (from: number, to: number) => (route.pattern.endsWith("/diff") ? `?from=${from}&to=${to}` : "");
    return stored.resources.map(
      ({ type, id, from, to }) => `${fillRoute(route.pattern, { type, id })}${query(from, to)}`,
    );
  }
  throw new Error(`${route.key}: no sample values for its segments [${names}]; add them to urlsFor`);
}

/** Every method of every API route, for everything stored, signed in (with `cookie`) or out. */
async function walkApi(call: Call, stored: Stored, cookie?: string): Promise<number> {
  let requests = 0;
  for (const route of [...ROUTES, ...NO_SUCH_ROUTES].filter(({ kind }) => kind === "route")) {
    for (const url of urlsFor(route, stored)) {
      // With no body: each POST meets its route's refusal (and the receiver stores it, cookie and all).
      for (const method of route.methods) {
        await call(method, url, { cookie });
        requests++;
      }
    }
  }
  return requests;
}

/**
 * Playwright's client keeps connections alive, and a request sent just as the server closes an
 * idle one fails with ECONNRESET (seen once in CI, leaving a page load hanging): a GET is safe
 * to send again on a fresh connection.
 */
/**
 * The headers the browser itself would send. Chromium adds Sec-Fetch-Site below the routing
 * layer, so a request fetched on its behalf lacks it; under Referrer-Policy: no-referrer the
 * dashboard's own forms post with Origin: null, and without Sec-Fetch-Site the cross-site check
 * would take them for forgeries.
 */
async function browserHeaders(route: Route): Promise<Record<string, string>> {
  const request = route.request();
  const headers = await request.allHeaders();
  if (headers["sec-fetch-site"] === undefined) {
    const sameOrigin = new URL(request.frame().url()).origin === new URL(request.url()).origin;
    headers["sec-fetch-site"] = sameOrigin ? "same-origin" : "cross-site";
  }
  return headers;
}

async function fetchForBrowser(route: Route, attempts = 3): Promise<APIResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await route.fetch({ maxRedirects: 0, headers: await browserHeaders(route) });
    } catch (error) {
      const retryable = route.request().method() === "GET" && /ECONNRESET|socket hang up/.test(String(error));
      if (attempt >= attempts || !retryable) {
        await route.abort().catch(() => undefined);
        throw error;
      }
    }
  }
}

/**
 * Keeps every answer the browser receives, headers and body, by fetching each request on the
 * browser's behalf: a listener alone loses the bodies of prefetches a navigation cut short.
 */
async function recordBrowser(context: BrowserContext, evidence: Evidence): Promise<() => Promise<void>> {
  const inFlight = new Set<Promise<void>>();
  await context.route("**/*", async (route) => {
    const request = route.request();
    const recorded = fetchForBrowser(route).then(async (response) => {
      const headers = response.headersArray().map(({ name, value }): [string, string] => [name, value]);
      evidence.addResponse(
        `browser ${request.method()} ${request.url()} → ${response.status()}`,
        headers,
        await response.body(),
      );
      // A tab that moved on while a poll was out no longer wants the answer; it is recorded all the same.
      await route.fulfill({ response }).catch(() => undefined);
    });
    inFlight.add(recorded);
    await recorded.finally(() => inFlight.delete(recorded));
  });
  return async () => {
    while (inFlight.size > 0) await Promise.all(inFlight);
  };
}

/** Pages are walked in a few tabs side by side: a page load mostly waits on the server. */
const TABS = 3;

/** Opens each URL and keeps its HTML as rendered once loaded; what its queries fetch later is recorded as responses. */
async function visitAll(context: BrowserContext, evidence: Evidence, urls: string[], label: string): Promise<void> {
  const queue = [...urls];
  const tab = async () => {
    const page = await context.newPage();
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      await page.goto(url);
      evidence.add("page", `${url} ${label} (at ${new URL(page.url()).pathname})`, await page.content());
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: Math.min(TABS, queue.length) }, tab));
}

/** Signs in through the form (a wrong password first), walks every page, presses Refresh, signs out, walks again. */
async function walkBrowser(
  app: RunningApp,
  evidence: Evidence,
  secrets: Secrets,
  stored: Stored,
  refreshDeliveryId: number,
): Promise<void> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const context = await browser.newContext({ baseURL: app.origin });
    const answered = await recordBrowser(context, evidence);
    const pages = [...ROUTES, ...NO_SUCH_ROUTES].filter(({ kind }) => kind === "page");
    const page = await context.newPage();

    await page.goto("/login");
    evidence.add("page", "/login before signing in", await page.content());
    const password = page.getByLabel("Password");
    await password.fill(secrets.wrongPassword.value);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong password" }).waitFor();
    await password.fill(secrets.password.value);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    const signedIn = pages.flatMap((route) => urlsFor(route, stored));
    await visitAll(context, evidence, signedIn, "signed in");

    await page.goto(`/deliveries/${refreshDeliveryId}`);
    const refreshed = page.waitForResponse((response) =>
      response.url().endsWith(`/api/deliveries/${refreshDeliveryId}/refresh`),
    );
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await refreshed;
    await page.getByLabel("Refresh result").waitFor();
    evidence.add("page", `/deliveries/${refreshDeliveryId} after Refresh`, await page.content());

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    const signedOut = pages.map((route) => urlsFor(route, stored)[0]);
    await visitAll(context, evidence, signedOut, "signed out");
    await answered();
  } finally {
    await browser.close();
  }
}

interface DatabaseDump {
  tables: string[];
  rows: { table: string; row: Buffer }[];
}

/** Every row of every table, as the database returns it (blobs as their bytes, bytea as hex). */
async function dumpDatabase(database: FreshDatabase): Promise<DatabaseDump> {
  if (database.target.provider === "sqlite") {
    const sqlite = new Database(database.target.url, { readonly: true });
    try {
      const tables = (
        sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map(({ name }) => name);
      const rows = tables.flatMap((table) =>
        (sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((row) => ({
          table,
          row: Buffer.concat(
            Object.entries(row).flatMap(([column, value]) => [
              Buffer.from(`${column}=`),
              Buffer.isBuffer(value) ? value : Buffer.from(String(value)),
              Buffer.from("\n"),
            ]),
          ),
        })),
      );
      return { tables, rows };
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: database.target.url });
  await client.connect();
  try {
    const { rows: names } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const tables = names.map(({ name }) => name);
    const rows: DatabaseDump["rows"] = [];
    for (const table of tables) {
      const result = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
      rows.push(...result.rows.map(({ row }) => ({ table, row: Buffer.from(row) })));
    }
    return { tables, rows };
  } finally {
    await client.end();
  }
}

/** The SQLite database and its write-ahead log as bytes on disk: deleted and uncheckpointed data included. */
function databaseFiles(database: FreshDatabase): { file: string; bytes: Buffer }[] {
  if (database.target.provider !== "sqlite") return [];
  return [database.target.url, `${database.target.url}-wal`]
    .filter((file) => fs.existsSync(file))
    .map((file) => ({ file: path.basename(file), bytes: fs.readFileSync(file) }));
}

async function runScenario(provider: DatabaseProvider): Promise<void> {
  const started = performance.now();
  const secrets = makeSecrets();
  const planted = canary("a value planted in a delivery body (must be found)", "planted");
  const evidence = new Evidence();
  const standIn: StandIn = await startStandIn({
    port: await freePort(3720),
    clientId: secrets.clientId.value,
    clientSecret: secrets.clientSecret.value,
    accessTokens: [secrets.accessToken.value],
  });
  const database = await freshDatabase(provider);
  const logFile = path.join(database.workDir, "server.log");
  try {
    const databaseUrl = new URL(database.databaseUrl);
    // The local server trusts 127.0.0.1, so a password is accepted without being needed: enough for the app to hold one.
    if (provider === "postgresql") databaseUrl.password = secrets.databasePassword.value;
    const baseEnv = {
      DATABASE_URL: provider === "postgresql" ? databaseUrl.toString() : database.databaseUrl,
      ACCELO_WEBHOOK_SECRET: secrets.webhook.map(({ value }) => value).join(","),
      DASHBOARD_PASSWORD: secrets.password.value,
      SESSION_SECRET: secrets.sessionSecret.value,
      APP_SECRET_KEY: secrets.appSecretKey.value,
      ACCELO_API_BASE_URL: standIn.origin,
      ACCELO_FETCH_DELAY_MS: "0",
    };
    const task = (id: number) => standIn.resourceUrl("tasks", id);
    const serve = async (env: Record<string, string>) =>
      startApp({ distDir: LOAD_DIST_DIR, port: await freePort(3730), env: { ...baseEnv, ...env }, logFile });
    let walked = 0;

    // With ACCELO_ACCESS_TOKEN (and the client id and secret beside it, which the token overrides).
    let app = await serve({
      ACCELO_ACCESS_TOKEN: secrets.accessToken.value,
      ACCELO_CLIENT_ID: secrets.clientId.value,
      ACCELO_CLIENT_SECRET: secrets.clientSecret.value,
    });
    let call = clientOf(app, evidence);
    try {
      const fetched = await deliver(call, {
        objectId: 101,
        resourceUrl: task(101),
        secret: secrets.webhook[0].value,
        algorithm: "sha256",
        prefixed: true,
      });
      await waitForFetches(database, [fetched]);
      const cookie = sessionCookieOf(await signIn(call, secrets.password.value));
      standIn.setFault({ kind: "unauthorized", times: 1, path: pathOf(task(101)) });
      expect((await call("POST", `/api/deliveries/${fetched}/refresh`, { cookie })).status).toBe(502);
      expect((await call("POST", `/api/deliveries/${fetched}/refresh`, { cookie })).status).toBe(200);
      walked += await walkApi(call, await storedData(database), cookie);
    } finally {
      await app.stop();
    }

    // With a client secret Accelo refuses at its token endpoint.
    app = await serve({
      ACCELO_CLIENT_ID: secrets.clientId.value,
      ACCELO_CLIENT_SECRET: secrets.refusedClientSecret.value,
    });
    call = clientOf(app, evidence);
    try {
      const refused = await deliver(call, {
        objectId: 201,
        resourceUrl: task(201),
        secret: secrets.webhook[1].value,
        format: "json",
      });
      await waitForFetches(database, [refused]);
      const cookie = sessionCookieOf(await signIn(call, secrets.password.value));
      expect((await call("POST", `/api/deliveries/${refused}/refresh`, { cookie })).status).toBe(502);
      walked += await walkApi(call, await storedData(database), cookie);
    } finally {
      await app.stop();
    }

    // With the right client id and secret: every kind of delivery, every way a fetch can fail, the browser.
    app = await serve({ ACCELO_CLIENT_ID: secrets.clientId.value, ACCELO_CLIENT_SECRET: secrets.clientSecret.value });
    call = clientOf(app, evidence);
    try {
      const first = await deliver(call, {
        objectId: 301,
        resourceUrl: task(301),
        secret: secrets.webhook[0].value,
        extra: { note: planted.value },
      });
      const second = await deliver(call, {
        objectId: 302,
        resourceUrl: task(302),
        secret: secrets.webhook[1].value,
        format: "json",
        algorithm: "sha256",
      });
      await deliver(call, { objectId: 303, resourceUrl: task(303), secret: "a forger's guess" });
      await deliver(call, { objectId: 304, resourceUrl: task(304) });
      const foreign = await deliver(call, {
        objectId: 305,
        resourceUrl: `https://elsewhere.example/api/v0/tasks/305`,
        secret: secrets.webhook[0].value,
      });
      const withoutUrl = await deliver(call, { objectId: 306, secret: secrets.webhook[1].value });
      expect(
        (await call("POST", "/api/webhooks/accelo", { body: "\u0000not a body", headers: { "x-hub-signature": "00" } }))
          .status,
      ).toBe(401);
      await waitForFetches(database, [first, second, foreign, withoutUrl]);

      expect((await signIn(call, secrets.wrongPassword.value)).status).toBe(401);
      const cookie = sessionCookieOf(await signIn(call, secrets.password.value));
      const refresh = async () => (await call("POST", `/api/deliveries/${first}/refresh`, { cookie })).status;
      // A revoked token: the app asks for a new one and goes on.
      standIn.revokeTokens();
      expect(await refresh()).toBe(200);
      // Refused even after a new token.
      const path = pathOf(task(301));
      standIn.setFault({ kind: "unauthorized", times: 2, path });
      expect(await refresh()).toBe(502);
      standIn.setFault({ kind: "server_error", times: 1, path });
      expect(await refresh()).toBe(502);
      standIn.setFault({ kind: "hang_up", times: 1, path });
      expect(await refresh()).toBe(502);
      standIn.setFault({ kind: "rate_limited", resetInSeconds: 1, times: 1, path });
      expect(await refresh()).toBe(429);
      await sleep(1_100);
      standIn.setObject("tasks", 301, { title: "Changed after the first fetch" });

      const stored = await storedData(database);
      walked += (await walkApi(call, stored)) + (await walkApi(call, stored, cookie));
      await walkBrowser(app, evidence, secrets, stored, first);
      expect((await call("POST", "/api/auth/sign-out", { cookie })).status).toBe(303);
    } finally {
      await app.stop();
    }
    // Before anything else opens the database: closing the last connection checkpoints the WAL.
    const files = databaseFiles(database);

    // The scenario met what it claims to: both secrets matched, failures stored, fetches made and refused.
    const facts = await withDb(database, async (db) => ({
      secretIndexes: (
        await db.delivery.findMany({ where: { signatureVerdict: "valid" }, select: { signatureSecretIndex: true } })
      ).map(({ signatureSecretIndex }) => signatureSecretIndex),
      verdicts: (await db.delivery.groupBy({ by: ["signatureVerdict"], _count: true })).map(
        ({ signatureVerdict }) => signatureVerdict,
      ),
      snapshotErrors: (await db.snapshot.findMany({ select: { error: true } })).map(({ error }) => error ?? "none"),
      skipped: (await db.fetchJob.findMany({ where: { status: "skipped" }, select: { reason: true } })).map(
        ({ reason }) => reason,
      ),
      // Refused requests schedule no fetch at all (issue 10); their pages still say why.
      refusedWithJobs: await db.fetchJob.count({
        where: { delivery: { signatureVerdict: { in: ["invalid", "missing"] } } },
      }),
    }));
    expect(new Set(facts.secretIndexes)).toEqual(new Set([0, 1]));
    expect(facts.verdicts).toEqual(expect.arrayContaining(["valid", "invalid", "missing"]));
    expect(facts.snapshotErrors).toEqual(expect.arrayContaining(["none", "token_rejected", "server_error", "network"]));
    expect(facts.skipped).toEqual(expect.arrayContaining(["foreign_origin", "no_resource_url"]));
    expect(facts.refusedWithJobs).toBe(0);
    expect(standIn.issuedTokens().length, "the client-credentials grant was never used").toBeGreaterThanOrEqual(2);

    // Everything the run left behind: the log line by line, every row, the database files.
    const logLines = fs.readFileSync(logFile, "utf8").split("\n");
    for (const [index, line] of logLines.entries()) evidence.add("log", `${path.basename(logFile)}:${index + 1}`, line);
    const { tables, rows } = await dumpDatabase(database);
    for (const [index, { table, row }] of rows.entries()) evidence.add("row", `${table} #${index + 1}`, row);
    for (const { file, bytes } of files) evidence.add("file", file, bytes);

    const issued = standIn.issuedTokens().map(
      (token, index): Secret => ({
        name: `access token #${index + 1} issued for ACCELO_CLIENT_ID`,
        value: token,
        core: token.replace(/^standin_/, ""),
      }),
    );
    // A session is a credential too: handed out in Set-Cookie, and nowhere else.
    const sessions = evidence.sessionTokens().map(
      (token, index): Secret => ({
        name: `session token #${index + 1}`,
        value: token,
        // 256 random bits and nothing else: the whole token is its core.
        core: token,
        handedOutIn: "set-cookie",
      }),
    );
    expect(sessions.length, "no session token was handed out").toBeGreaterThanOrEqual(4);
    const searched = [
      ...secrets.webhook,
      secrets.accessToken,
      secrets.clientId,
      secrets.clientSecret,
      secrets.refusedClientSecret,
      secrets.password,
      secrets.wrongPassword,
      secrets.sessionSecret,
      secrets.appSecretKey,
      ...(provider === "postgresql" ? [secrets.databasePassword] : []),
      ...issued,
      ...sessions,
    ];

    // The search reads what it claims to: a value sent in a delivery is found in each kind of place,
    // a base64 Basic header gives its secret away, and the log holds the server's own lines.
    const plantedIn = new Set(findSecret(planted, evidence.haystacks).map(({ source }) => source));
    expect([...plantedIn].sort()).toEqual(
      provider === "sqlite" ? ["file", "page", "response", "row"] : ["page", "response", "row"],
    );
    const basic = `authorization: Basic ${Buffer.from(`${secrets.clientId.value}:${secrets.clientSecret.value}`).toString("base64")}`;
    expect(
      findSecret(secrets.clientSecret, [{ source: "log", where: "a sample line", bytes: Buffer.from(basic) }]),
    ).not.toEqual([]);
    expect(
      logLines.some((line) => line.includes("Accelo Webhook Monitor on http")),
      `${logFile} holds no line of the server's`,
    ).toBe(true);

    const leaks = searched.flatMap((secret) => findSecret(secret, evidence.haystacks));
    const bytes = evidence.haystacks.reduce((sum, { bytes }) => sum + bytes.length, 0);
    console.log(
      `[secrets] ${provider}: ${searched.length} secrets × ${formsOf(secrets.password).length} forms searched in ` +
        `${evidence.count("response")} responses (${walked} from walking the API), ${evidence.count("page")} rendered pages, ` +
        `${evidence.count("log")} log lines, ${rows.length} rows of ${tables.length} tables` +
        `${files.length ? `, ${files.map(({ file, bytes }) => `${file} ${bytes.length} bytes`).join(", ")}` : ""}: ` +
        `${(bytes / 1e6).toFixed(1)} MB, ${leaks.length} found, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(leaks.map(describeFinding), "secrets found where they must never be").toEqual([]);
  } finally {
    await standIn.close();
    await database.drop();
  }
}

describe.each<DatabaseProvider>(["sqlite", "postgresql"])(
  "%s: no secret in any response, page, log line or database row",
  (provider) => {
    const skip = provider === "postgresql" && !POSTGRES_SERVER;
    if (skip) console.log(`[load] ${POSTGRES_SKIPPED}`);

    it.skipIf(skip)("finds none of the configured secrets anywhere after exercising everything", () =>
      runScenario(provider),
    );
  },
);
