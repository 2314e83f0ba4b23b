// A route handler behind a real HTTP port, so what reaches it comes over TCP with the headers and
// bytes a client sent (the stand-in's deliveries, a listening CLI), and its answer streams back as
// it is written. The port can be closed and opened again, as a monitor that restarts.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ServedRoute {
  /** Starts listening, on the same port as before when it was open already once. */
  open(): Promise<void>;
  /** e.g. http://127.0.0.1:40123 */
  origin(): string;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

export function serveRoute(handler: (request: Request) => Promise<Response>): ServedRoute {
  let server: http.Server | undefined;
  let port = 0;
  return {
    open: () =>
      new Promise<void>((resolve) => {
        const opened = http.createServer(async (request, response) => {
          const chunks: Buffer[] = [];
          for await (const chunk of request) chunks.push(chunk as Buffer);
          // The handler's request ends when the client goes away, as Next's does.
          const gone = new AbortController();
          response.on("close", () => gone.abort());
          const headers = new Headers();
          for (const [name, value] of Object.entries(request.headers)) {
            if (typeof value === "string") headers.set(name, value);
          }
          const method = request.method ?? "GET";
          const answer = await handler(
            new Request(`http://127.0.0.1${request.url}`, {
              method,
              headers,
              body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
              signal: gone.signal,
            }),
          );
          response.writeHead(answer.status, Object.fromEntries(answer.headers));
          const reader = answer.body?.getReader();
          if (reader) {
            for (let read = await reader.read(); !read.done; read = await reader.read()) response.write(read.value);
          }
          response.end();
        });
        server = opened;
        opened.listen(port, "127.0.0.1", () => {
          port = (opened.address() as AddressInfo).port;
          resolve();
        });
      }),
    origin: () => `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      }),
  };
}
