import { bytesToBase64, utf8TextOrNull } from "../payload/body-encoding";

/** The parts of a stored delivery a replay sends again. */
export interface ReplayableRequest {
  method: string;
  /** As received: [name, value] pairs in order, duplicates kept. */
  headers: readonly (readonly [string, string])[];
  body: Uint8Array;
}

// Headers that describe one hop's connection, not the request: curl sets its own. The forwarding
// headers tell the path the original took (Next adds them even without a proxy); replayed, they
// would pass the original's address off as the replay's.
const NOT_REPLAYED = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-proto",
  "x-real-ip",
]);

// Headers curl adds on its own; an empty `-H 'Name:'` stops it when the delivery had none.
const CURL_DEFAULTS = ["User-Agent", "Accept", "Content-Type", "Expect"];

// Text that pastes into a terminal as it reads: no control character (C0, DEL, C1) but newline, and no
// bidirectional overrides, which could make the shown command differ from the one that runs.
const NOT_PASTE_SAFE = /[^\P{Cc}\n]|[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** POSIX single quoting: everything is literal, and a quote is closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function headerArgument(name: string, value: string): string {
  // `Name:` with nothing after it tells curl to drop the header; `Name;` sends it empty.
  return `--header ${shellQuote(value === "" ? `${name};` : `${name}: ${value}`)}`;
}

/**
 * A `curl` command that sends the delivery again, byte for byte, to `targetUrl`: the same method,
 * every header as received except hop-by-hop and forwarding ones, and the exact body, so its X-Hub-Signature
 * still verifies. A body that is not paste-safe UTF-8 (binary, NUL, control characters) travels
 * as base64 through `base64 -d`, since a shell argument cannot carry every byte.
 */
export function replayCommand(request: ReplayableRequest, targetUrl: string): string {
  const headers = request.headers.filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()) && !name.startsWith(":"));
  const received = new Set(headers.map(([name]) => name.toLowerCase()));
  const sendsBody = request.body.length > 0 || request.method.toUpperCase() === "POST";

  const lines = [`curl ${shellQuote(targetUrl)}`];
  // curl sends POST whenever it sends data; any other method must be named.
  if (request.method.toUpperCase() !== "POST" || !sendsBody) lines.push(`--request ${shellQuote(request.method)}`);
  for (const [name, value] of headers) lines.push(headerArgument(name, value));
  // The sender asked for a compressed answer; without this, curl would print it still compressed.
  if (received.has("accept-encoding")) lines.push("--compressed");
  for (const name of CURL_DEFAULTS) {
    const key = name.toLowerCase();
    if (!received.has(key) && (key !== "content-type" || sendsBody)) lines.push(`--header ${shellQuote(`${name}:`)}`);
  }

  let pipe = "";
  if (sendsBody) {
    const text = utf8TextOrNull(request.body);
    if (text !== null && !NOT_PASTE_SAFE.test(text)) {
      // --data-raw, unlike --data-binary, never reads a file when the body starts with "@".
      lines.push(`--data-raw ${shellQuote(text)}`);
    } else {
      pipe = `printf '%s' ${shellQuote(bytesToBase64(request.body))} | base64 -d | `;
      lines.push("--data-binary @-");
    }
  }
  return pipe + lines.join(" \\\n  ");
}
