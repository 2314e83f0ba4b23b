/** A body larger than this is not even read to the end: the connection is let go. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export interface ReadBody {
  /** The body's bytes, cut at the size limit when it is larger. */
  bytes: Uint8Array<ArrayBuffer>;
  /** How many bytes were sent (counted up to DRAIN_LIMIT_BYTES). */
  size: number;
  oversized: boolean;
}

/**
 * Reads and drops a body that will not be kept, up to DRAIN_LIMIT_BYTES: neither held nor hashed,
 * but read to its end before the answer, since a server that closes a connection with body bytes
 * still unread resets it, and the sender would then never read the answer.
 */
export async function discardBody(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > DRAIN_LIMIT_BYTES) {
      await reader.cancel();
      return;
    }
  }
}

/**
 * Reads the raw body exactly once, keeping at most `limit` bytes and handing every chunk to
 * `onChunk` (the signature check), so that an oversized body is still measured and verified
 * without being held in memory.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  onChunk: (chunk: Uint8Array) => void,
): Promise<ReadBody> {
  const kept: Uint8Array[] = [];
  let keptSize = 0;
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      onChunk(value);
      if (keptSize < limit) {
        const room = limit - keptSize;
        const piece = value.byteLength > room ? value.subarray(0, room) : value;
        kept.push(piece);
        keptSize += piece.byteLength;
      }
      if (size > DRAIN_LIMIT_BYTES) {
        await reader.cancel();
        break;
      }
    }
  }
  const bytes = new Uint8Array(keptSize);
  let offset = 0;
  for (const piece of kept) {
    bytes.set(piece, offset);
    offset += piece.byteLength;
  }
  return { bytes, size, oversized: size > limit };
}
