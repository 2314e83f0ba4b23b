import { createHash } from "node:crypto";
import { z } from "zod";
import { PEER_ADDRESS_HEADER } from "../http/request-source";
import { isRedactedValue, redactedValue } from "./redaction";

/** Credentials a sender may put in headers: never kept, whatever the settings add. */
const ALWAYS_REDACTED = ["authorization", "proxy-authorization", "cookie", "set-cookie"];

const redactionEnvSchema = z.object({
  REDACTED_HEADERS: z
    .string()
    .optional()
    .transform((names) =>
      (names ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    ),
});

let cached: { raw: string | undefined; names: Set<string> } | undefined;

/**
 * Every header name whose value is not stored: the credentials above and REDACTED_HEADERS, parsed
 * once per distinct value since the receiver asks on every request.
 */
export function redactedHeaderNames(env: Record<string, string | undefined> = process.env): ReadonlySet<string> {
  if (cached && cached.raw === env.REDACTED_HEADERS) return cached.names;
  const names = new Set([...ALWAYS_REDACTED, ...redactionEnvSchema.parse(env).REDACTED_HEADERS]);
  cached = { raw: env.REDACTED_HEADERS, names };
  return names;
}

/**
 * A request's headers as the receiver stores them: every one, in order, as received, but for
 * credentials, which keep their name, length and a short fingerprint and never their value (the
 * signature check runs over the real request before this), and the peer address our server added
 * (it is the delivery's remote address; no sender wrote it).
 */
export function headersToStore(
  headers: Headers,
  redacted: ReadonlySet<string> = redactedHeaderNames(),
): [string, string][] {
  return [...headers]
    .filter(([name]) => name !== PEER_ADDRESS_HEADER)
    .map(([name, value]) => {
      if (!redacted.has(name) && !isRedactedValue(value)) return [name, value];
      const bytes = Buffer.byteLength(value);
      // The first 32 bits of its SHA-256: enough to tell two tokens apart, not to recover one.
      return [name, redactedValue(bytes, createHash("sha256").update(value).digest("hex").slice(0, 8))];
    });
}
