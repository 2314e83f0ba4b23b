// The receiver's route handler behind a real HTTP port, so the stand-in's deliveries reach it as
// Accelo's would: over TCP, with the headers and bytes it sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST } from "../../app/api/webhooks/accelo/route";

export interface ServedReceiver {
  /** e.g. http://127.0.0.1:40123: what PUBLIC_URL is set to. */
  origin: string;
  close(): Promise<void>;
}

export async function serveReceiver(): Promise<ServedReceiver> {
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const answer = await POST(
      new Request(`http://127.0.0.1${request.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
    );
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
