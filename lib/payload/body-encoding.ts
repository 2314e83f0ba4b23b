// Raw bodies travel to the pages as base64 (always exact) and as text (only when they are valid
// UTF-8). These helpers run on the server and in the browser alike, so they use atob/btoa and
// TextDecoder rather than Node's Buffer.

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The bytes as text if they are valid UTF-8, else null; a BOM is kept so the text is the exact body. */
export function utf8TextOrNull(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

// String.fromCharCode takes its arguments on the stack: chunks keep large bodies under the limit.
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
