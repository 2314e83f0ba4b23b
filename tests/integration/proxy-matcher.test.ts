import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "../../proxy";

// A file of its own: in the file of the session and token tests, which import the database client
// directly, Next's testing helper failed with "AsyncLocalStorage accessed in runtime where it is
// not available".
describe("proxy matcher", () => {
  it("leaves out the webhook receiver, the liveness probe and Next's assets", () => {
    for (const url of ["/api/webhooks/accelo", "/api/health", "/_next/static/chunks/app.js", "/favicon.ico"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
  });

  it("guards everything else, including look-alikes of the public paths", () => {
    for (const url of [
      "/",
      "/login",
      "/deliveries/1",
      "/api/deliveries",
      "/api/webhooks/accelo/x",
      "/api/healthz",
      "/api/webhooks",
    ]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
  });
});
