import net from "node:net";

// Requests written byte by byte to a socket: fetch and node:http refuse to send what the corpus
// must send (control characters in headers, bad framing, unknown methods, hanging up mid-body).

export interface RawRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  framing: "content-length" | "chunked" | "as-given";
  hangUpAfterBytes?: number;
}

export interface RawResponse {
  /** null when no answer came: the client hung up first, or the server closed without one. */
  status: number | null;
  headers: Map<string, string>;
  body: Buffer;
}

const CHUNK_BYTES = 64 * 1024;
const ANSWER_TIMEOUT_MS = 30_000;

function chunked(body: Buffer): Buffer {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += CHUNK_BYTES) {
    const chunk = body.subarray(offset, offset + CHUNK_BYTES);
    pieces.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(pieces);
}

function encode({ method, path, headers, body, framing }: RawRequest, host: string): { head: Buffer; payload: Buffer } {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  if (framing === "content-length") lines.push(`Content-Length: ${body.length}`);
  if (framing === "chunked") lines.push("Transfer-Encoding: chunked");
  lines.push("Connection: close", "", "");
  // latin1 writes each character as the one byte it stands for, control characters included.
  return { head: Buffer.from(lines.join("\r\n"), "latin1"), payload: framing === "chunked" ? chunked(body) : body };
}

/** Decodes a chunked answer body; undefined until the last chunk has arrived. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", offset);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** The first complete answer in `data`, or undefined while it is still arriving. An answer to HEAD has no body whatever its Content-Length says. */
function parseAnswer(data: Buffer, ended: boolean, bodiless: boolean): RawResponse | undefined {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd === -1) return undefined;
  const [statusLine, ...headerLines] = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const status = Number(statusLine.split(" ")[1]);
  const rest = data.subarray(headEnd + 4);
  if (bodiless) return { status, headers, body: Buffer.alloc(0) };
  if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
    const body = dechunk(rest);
    return body ? { status, headers, body } : undefined;
  }
  const length = headers.get("content-length");
  if (length !== undefined) {
    return rest.length >= Number(length) ? { status, headers, body: rest.subarray(0, Number(length)) } : undefined;
  }
  return ended ? { status, headers, body: rest } : undefined;
}

/** Sends one request on its own connection and reads the first answer. */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const { head, payload } = encode(request, host);
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = net.connect({ host: hostname, port: Number(port) });
    const finish = (answer: RawResponse | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer ?? { status: null, headers: new Map(), body: Buffer.alloc(0) });
    };
    const timer = setTimeout(() => finish(undefined), ANSWER_TIMEOUT_MS);
    const settleWith = (ended: boolean) => {
      const answer = parseAnswer(Buffer.concat(received), ended, request.method === "HEAD");
      if (answer || ended) finish(answer);
    };
    socket.on("data", (data) => {
      received.push(data);
      settleWith(false);
    });
    socket.on("end", () => settleWith(true));
    // The server may answer and close before it has read all of a large body: the answer counts.
    socket.on("error", () => settleWith(true));
    socket.on("connect", () => {
      if (request.hangUpAfterBytes !== undefined) {
        socket.write(Buffer.concat([head, payload.subarray(0, request.hangUpAfterBytes)]));
        setTimeout(() => finish(undefined), 200);
        return;
      }
      socket.write(head);
      socket.write(payload);
    });
  });
}
