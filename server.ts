// npm start and npm run dev: Next's request handler behind a Node HTTP server of our own, for one
// reason: Next keeps a client's own X-Forwarded-For when one is sent, so no header it passes on
// tells who sent a request. This server writes the TCP peer's address into a header of its own,
// overwriting anything a client sent under that name, before Next sees the request
// (lib/http/request-source.ts reads it). Everything else is Next's, as with `next start`.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { PEER_ADDRESS_HEADER } from "./lib/http/request-source";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    hostname: { type: "string", short: "H" },
    port: { type: "string", short: "p" },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";

const app = next({ dev: values.dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`Accelo Webhook Monitor on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

// Finish the requests under way (Accelo's included), then stop: what `next start` does on a deploy.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
