// One keep-alive HTTP client for the simulator and the benchmarks. Plain node:http rather than
// fetch: on a two-core machine the load generator shares the CPU with the server it measures, and
// node:http costs a fraction of undici's per-request overhead.
import http from "node:http";
import https from "node:https";
import { performance } from "node:perf_hooks";

export interface HttpAnswer {
  status: number;
  body: string;
  /** From writing the request to the last byte of the answer. */
  ms: number;
}

export interface HttpRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpSender {
  send(request: HttpRequest): Promise<HttpAnswer>;
  /** Closes the kept-alive sockets so the process can exit. */
  close(): void;
}

export function createHttpSender(
  url: string,
  { connections, timeoutMs = 15_000 }: { connections: number; timeoutMs?: number },
): HttpSender {
  const target = new URL(url);
  const transport = target.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: connections });

  function send({ method, headers = {}, body }: HttpRequest): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const request = transport.request(
        target,
        {
          method,
          agent,
          timeout: timeoutMs,
          headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ms: performance.now() - started,
            }),
          );
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on("error", reject);
      request.end(body);
    });
  }

  return { send, close: () => agent.destroy() };
}
