import { describe, expect, it } from "vitest";
import { hexDump } from "./hex-dump";

describe("hexDump", () => {
  it("shows offsets, hex in two halves and printable ASCII like hexdump -C", () => {
    const bytes = new Uint8Array([...Buffer.from("id=1&x=<b>"), 0x00, 0xff, 0x0a, 0x41, 0x42, 0x43, 0x44, 0x45, 0x7f]);
    expect(hexDump(bytes)).toBe(
      [
        "00000000  69 64 3d 31 26 78 3d 3c  62 3e 00 ff 0a 41 42 43  |id=1&x=<b>...ABC|",
        "00000010  44 45 7f                                          |DE.|",
      ].join("\n"),
    );
  });

  it("shows nothing for no bytes", () => {
    expect(hexDump(new Uint8Array())).toBe("");
  });
});
