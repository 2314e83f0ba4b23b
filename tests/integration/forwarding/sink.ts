// A local HTTP server standing in for the team's own integration: it records every request as it
// arrived (headers and exact body bytes) and answers what the test tells it to.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SinkRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Sink {
  url: (path?: string) => string;
  requests: SinkRequest[];
  /** Answers to give, in order; once used up, 200. */
  answers: { status: number; body?: string; headers?: Record<string, string> }[];
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const answers: Sink["answers"] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requests.push({ path: request.url ?? "/", headers: request.headers, body: Buffer.concat(chunks) });
    const answer = answers.shift() ?? { status: 200, body: "ok" };
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    requests,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
