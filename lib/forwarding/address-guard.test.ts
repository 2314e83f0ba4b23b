import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkForwardUrl, checkForwardUrlShape, isPrivateAddress, RefusedAddressError } from "./address-guard";

// The ranges as the RFCs write them, checked here with bit arithmetic rather than the BlockList
// the guard uses, so that each one tells the other's mistakes.
const PRIVATE_V4: [number, number, number, number, number][] = [
  [0, 0, 0, 0, 8],
  [10, 0, 0, 0, 8],
  [100, 64, 0, 0, 10],
  [127, 0, 0, 0, 8],
  [169, 254, 0, 0, 16],
  [172, 16, 0, 0, 12],
  [192, 0, 0, 0, 24],
  [192, 168, 0, 0, 16],
  [198, 18, 0, 0, 15],
  [224, 0, 0, 0, 4],
  [240, 0, 0, 0, 4],
];

const toNumber = (octets: number[]) => octets.reduce((value, octet) => value * 256 + octet, 0);
function inPrivateV4(octets: number[]): boolean {
  const address = toNumber(octets);
  return PRIVATE_V4.some(([a, b, c, d, prefix]) => {
    const size = 2 ** (32 - prefix);
    const start = toNumber([a, b, c, d]);
    return address >= start && address < start + size;
  });
}

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));

describe("isPrivateAddress", () => {
  it("agrees with the RFC ranges for every IPv4 address, written plain or IPv4-mapped", () => {
    fc.assert(
      fc.property(octets, (parts) => {
        const address = parts.join(".");
        expect(isPrivateAddress(address)).toBe(inPrivateV4(parts));
        expect(isPrivateAddress(`::ffff:${address}`)).toBe(inPrivateV4(parts));
      }),
      { seed: 20261128, numRuns: 5000 },
    );
  });

  it("refuses IPv6 loopback, unique-local, link-local and NAT64, and what is no address at all", () => {
    for (const address of ["::1", "::", "fd12:3456::1", "fe80::1", "ff02::1", "64:ff9b::a00:1", "not-an-ip"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["2606:4700::1111", "2001:db8:85a3::8a2e:370:7334"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});

describe("checkForwardUrl", () => {
  it("answers any string with a URL or a RefusedAddressError, never another error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom("http://[::1]/", "javascript:alert(1)")),
        async (url) => {
          try {
            const checked = await checkForwardUrl(url, true);
            expect(["http:", "https:"]).toContain(checked.protocol);
          } catch (error) {
            expect(error).toBeInstanceOf(RefusedAddressError);
          }
        },
      ),
      { seed: 20261128, numRuns: 500 },
    );
  });

  it("refuses a literal private address without asking DNS, and takes it when private networks are allowed", async () => {
    await expect(checkForwardUrl("http://[::1]:8080/hook", false)).rejects.toThrow(/::1/);
    await expect(checkForwardUrl("http://10.1.2.3/hook", false)).rejects.toThrow(/10\.1\.2\.3/);
    await expect(checkForwardUrl("http://93.184.216.34/hook", false)).resolves.toBeInstanceOf(URL);
    await expect(checkForwardUrl("http://10.1.2.3/hook", true)).resolves.toBeInstanceOf(URL);
    expect(() => checkForwardUrlShape("https://example.com/hook#part")).toThrow(/fragment/);
    // A name that does not resolve is refused in words, not a failure of the server.
    await expect(checkForwardUrl("http://no-such-host.invalid/hook", false)).rejects.toThrow(RefusedAddressError);
    await expect(checkForwardUrl("http://localhost:9/hook", false)).rejects.toThrow(/localhost \((127\.0\.0\.1|::1)\)/);
  });
});
