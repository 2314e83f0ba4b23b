// How a header value that was not stored is written instead. Free of server imports: the replay
// command in the browser leaves such headers out.

const REDACTED = /^\[redacted: \d+ bytes?, sha256 [0-9a-f]{8}\]$/;

export function redactedValue(bytes: number, fingerprint: string): string {
  return `[redacted: ${bytes} ${bytes === 1 ? "byte" : "bytes"}, sha256 ${fingerprint}]`;
}

/** True for a stored value that stands for a redacted one (a sender's look-alike is redacted too). */
export function isRedactedValue(value: string): boolean {
  return REDACTED.test(value);
}
