import { bytesToBase64, utf8TextOrNull } from "../payload/body-encoding";
import { isRedactedValue } from "../receiver/redaction";

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

/** The shells whose syntax the command keeps to; the page says so. */
export const REPLAY_SHELLS = ["bash", "zsh", "fish"] as const;

// What single quotes keep literal in bash, zsh and fish alike: printable ASCII, less the quote
// itself and the backslash (fish reads \' and \\ inside single quotes). Anything else would also
// not paste as it reads: control characters, bidirectional overrides, invisible spaces.
const QUOTABLE = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

/** Single quotes, for text that needs no escape in any of the three shells. */
export function shellQuote(value: string): string {
  if (!QUOTABLE.test(value)) throw new Error("shellQuote takes printable ASCII without quotes or backslashes");
  return `'${value}'`;
}

/**
 * The bytes a string stood for. Header values arrive as one character per byte (Latin-1, as Node
 * and the Fetch API read them), so they go back out the same way; a URL is UTF-8.
 */
function encode(value: string, encoding: "utf-8" | "latin1"): Uint8Array {
  return encoding === "utf-8" ? new TextEncoder().encode(value) : Uint8Array.from(value, (char) => char.charCodeAt(0));
}

/**
 * A shell word that stands for `value` exactly: quoted as it is when it can be, else carried as
 * base64 and decoded by the command itself (`"$(…)"` is command substitution in bash, zsh and
 * fish 3.4 or later; a header value or URL never ends in a newline, which it would drop).
 */
export function shellWord(value: string, encoding: "utf-8" | "latin1" = "utf-8"): string {
  if (QUOTABLE.test(value)) return shellQuote(value);
  return `"$(printf '%s' ${shellQuote(bytesToBase64(encode(value, encoding)))} | base64 -d)"`;
}

function headerArgument(name: string, value: string): string {
  // `Name:` with nothing after it tells curl to drop the header; `Name;` sends it empty.
  return `--header ${shellWord(value === "" ? `${name};` : `${name}: ${value}`, "latin1")}`;
}

export interface ReplayCommand {
  command: string;
  /** Headers the command does not send, since only their length and fingerprint were stored. */
  leftOut: string[];
}

/**
 * A `curl` command for bash, zsh and fish that sends the delivery again, byte for byte, to
 * `targetUrl`: the same method, every header as received except hop-by-hop, forwarding and
 * redacted ones, and the exact body, so its X-Hub-Signature still verifies. A word that single
 * quotes cannot carry in all three shells (a quote, a backslash, anything outside printable ASCII)
 * travels as base64, the body through `base64 -d` into curl's standard input.
 */
export function replayCommand(request: ReplayableRequest, targetUrl: string): ReplayCommand {
  const replayed = request.headers.filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()) && !name.startsWith(":"));
  const leftOut = replayed.filter(([, value]) => isRedactedValue(value)).map(([name]) => name);
  const headers = replayed.filter(([, value]) => !isRedactedValue(value));
  const received = new Set(headers.map(([name]) => name.toLowerCase()));
  const sendsBody = request.body.length > 0 || request.method.toUpperCase() === "POST";

  const lines = [`curl ${shellWord(targetUrl)}`];
  // curl sends POST whenever it sends data; any other method must be named.
  if (request.method.toUpperCase() !== "POST" || !sendsBody) lines.push(`--request ${shellWord(request.method)}`);
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
    if (text !== null && QUOTABLE.test(text)) {
      // --data-raw, unlike --data-binary, never reads a file when the body starts with "@".
      lines.push(`--data-raw ${shellQuote(text)}`);
    } else {
      pipe = `printf '%s' ${shellQuote(bytesToBase64(request.body))} | base64 -d | `;
      lines.push("--data-binary @-");
    }
  }
  return { command: pipe + lines.join(" \\\n  "), leftOut };
}
