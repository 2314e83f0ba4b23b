// Every page and route handler in app/, found from the files, for the tests that must walk all
// of them: a route added later is walked without anyone remembering to list it.
import fs from "node:fs";
import path from "node:path";

const APP_DIR = path.resolve(import.meta.dirname, "../app");

/**
 * Every page and route handler in app/, and whether a signed-out visitor may reach it. A route
 * that is not listed here fails the signed-out walk (tests/e2e/auth.spec.ts): whoever adds one must
 * decide. tests/load/secrets-never-leak.test.ts walks the same routes looking for secrets.
 */
export const ROUTE_ACCESS: Record<string, "public" | "protected"> = {
  "page /": "protected",
  "page /login": "public",
  "page /deliveries": "protected",
  "page /deliveries/[id]": "protected",
  "page /resources/[type]/[id]": "protected",
  "page /settings": "protected",
  "page /settings/subscriptions": "protected",
  "page /settings/destinations": "protected",
  "page /settings/alerts": "protected",
  "route /api/health": "public",
  // The API's description: how to call the API, nothing the API holds (lib/http/openapi).
  "route /api/openapi.json": "public",
  "route /api/webhooks/accelo": "public",
  "route /api/auth/sign-in": "public",
  "route /api/auth/sign-out": "public",
  "route /api/auth/password": "protected",
  "route /api/accelo/connection": "protected",
  "route /api/sessions": "protected",
  "route /api/sessions/[id]": "protected",
  "route /api/tokens": "protected",
  "route /api/tokens/[id]": "protected",
  "route /api/subscriptions": "protected",
  "route /api/subscriptions/[id]": "protected",
  "route /api/subscriptions/[id]/dispatch": "protected",
  "route /api/destinations": "protected",
  "route /api/destinations/[id]": "protected",
  "route /api/alert-rules": "protected",
  "route /api/alert-rules/[id]": "protected",
  "route /api/channels": "protected",
  "route /api/channels/[id]": "protected",
  "route /api/channels/[id]/test": "protected",
  "route /api/deliveries/[id]/attempts": "protected",
  "route /api/deliveries/[id]/replay": "protected",
  "route /api/replays": "protected",
  "route /api/replays/[id]": "protected",
  "route /api/replays/[id]/cancel": "protected",
  "route /api/deliveries": "protected",
  "route /api/overview": "protected",
  "route /api/deliveries/recent-failures": "protected",
  "route /api/deliveries/stream": "protected",
  "route /api/deliveries/export": "protected",
  "route /api/deliveries/[id]": "protected",
  "route /api/deliveries/[id]/refresh": "protected",
  "route /api/deliveries/[id]/snapshot": "protected",
  "route /api/resources/[type]/[id]": "protected",
  "route /api/resources/[type]/[id]/diff": "protected",
  "route /api/views": "protected",
  "route /api/views/[id]": "protected",
};

/** A value for each dynamic segment that routes would accept, so the guard, not a 404, answers. */
const SAMPLE_SEGMENT_VALUES: Record<string, string> = { id: "1", type: "tasks" };

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface DiscoveredRoute {
  /** "page /deliveries/[id]": the key in ROUTE_ACCESS. */
  key: string;
  kind: "page" | "route";
  /** "/deliveries/[id]" */
  pattern: string;
  /** The pattern with sample values a route accepts, so the guard, not a 404, answers. */
  url: string;
  methods: string[];
}

/** Addresses no file in app/ serves, so the walks meet the guard and the 404 answers as well. */
export const NO_SUCH_ROUTES: DiscoveredRoute[] = [
  { key: "page /no-such-page", kind: "page", pattern: "/no-such-page", url: "/no-such-page", methods: ["GET"] },
  {
    key: "route /api/no-such-route",
    kind: "route",
    pattern: "/api/no-such-route",
    url: "/api/no-such-route",
    methods: ["GET", "POST"],
  },
];

export function discoverRoutes(dir = APP_DIR, segments: string[] = []): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Route groups "(name)" and private folders "_name" add nothing to the URL or are not routes.
      if (entry.name.startsWith("_")) continue;
      const inUrl = entry.name.startsWith("(") && entry.name.endsWith(")") ? [] : [entry.name];
      routes.push(...discoverRoutes(full, [...segments, ...inUrl]));
      continue;
    }
    const kind = /^page\.(tsx|ts|jsx|js)$/.test(entry.name)
      ? "page"
      : /^route\.(ts|js)$/.test(entry.name)
        ? "route"
        : undefined;
    if (!kind) continue;
    const pattern = `/${segments.join("/")}`;
    routes.push({
      key: `${kind} ${pattern}`,
      kind,
      pattern,
      url: fillRoute(pattern, SAMPLE_SEGMENT_VALUES),
      methods: kind === "page" ? ["GET"] : exportedMethods(fs.readFileSync(full, "utf8")),
    });
  }
  return routes;
}

/** The pattern's URL with each dynamic segment ([id], [...slug]) replaced by its value in `values`. */
export function fillRoute(pattern: string, values: Record<string, string>): string {
  return pattern
    .split("/")
    .map((segment) => {
      const dynamic = /^\[{1,2}(\.\.\.)?([^\]]+)\]{1,2}$/.exec(segment);
      if (!dynamic) return segment;
      const value = values[dynamic[2]] ?? "sample";
      return dynamic[1] ? `${value}/more` : value;
    })
    .join("/");
}

function exportedMethods(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g))
    names.add(match[1]);
  for (const list of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of list[1].split(","))
      names.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .at(-1) ?? "",
      );
  }
  return HTTP_METHODS.filter((method) => names.has(method));
}
