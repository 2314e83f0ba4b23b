const BYTES_PER_LINE = 16;

function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";
}

/**
 * A body that is not text, the way `hexdump -C` shows it: offset, sixteen bytes in hex, and the
 * printable ASCII beside them.
 */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_LINE) {
    const line = bytes.subarray(offset, offset + BYTES_PER_LINE);
    const hex = Array.from(line, (byte) => byte.toString(16).padStart(2, "0"));
    const halves = `${hex.slice(0, 8).join(" ")}  ${hex.slice(8).join(" ")}`;
    lines.push(
      `${offset.toString(16).padStart(8, "0")}  ${halves.padEnd(BYTES_PER_LINE * 3)}  |${Array.from(line, printable).join("")}|`,
    );
  }
  return lines.join("\n");
}
