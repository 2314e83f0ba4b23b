import "server-only";
import dns from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { DomainError } from "../errors";

// This app must not become a way into the network of whoever hosts it: a destination's address
// is checked when it is saved and again at every connection, on the address DNS gave (so a name
// that resolves elsewhere later, DNS rebinding, is caught), and redirects are never followed.

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64, which can reach IPv4 private ranges
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function mappedIpv4(address: string): string | undefined {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1];
}

export function isPrivateAddress(address: string): boolean {
  const v4 = mappedIpv4(address);
  if (v4) return PRIVATE.check(v4, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class RefusedAddressError extends DomainError {
  constructor(message: string) {
    super("bad_request", message);
    this.name = "RefusedAddressError";
  }
}

const REFUSAL =
  "is a loopback or private address: forwarding there is refused unless FORWARD_ALLOW_PRIVATE_NETWORKS=true";

/** The checks a URL passes before any lookup: http(s), a host, no fragment. */
export function checkForwardUrlShape(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RefusedAddressError("Not a URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new RefusedAddressError("A destination is an http:// or https:// URL");
  }
  if (parsed.hash) throw new RefusedAddressError("A destination URL has no #fragment");
  return parsed;
}

/** The URL's host as an address or name, without the brackets an IPv6 address is written in. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** Resolves the URL's host and refuses it when any address it has is private (unless allowed). */
export async function checkForwardUrl(url: string, allowPrivate: boolean): Promise<URL> {
  const parsed = checkForwardUrlShape(url);
  if (allowPrivate) return parsed;
  const host = hostOf(parsed);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map(({ address }) => address);
  } catch {
    throw new RefusedAddressError(`${host} does not resolve, so its address cannot be checked`);
  }
  const refused = addresses.find(isPrivateAddress);
  if (refused) throw new RefusedAddressError(`${host} (${refused}) ${REFUSAL}`);
  return parsed;
}

/**
 * The lookup a connection uses: the addresses DNS gives are checked before the socket connects
 * to them, so what was checked is what is reached.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as dns.LookupAddress[];
      const refused = allowPrivate ? undefined : list.find(({ address }) => isPrivateAddress(address));
      if (refused) {
        return callback(new RefusedAddressError(`${hostname} (${refused.address}) ${REFUSAL}`), "", 4);
      }
      if (options.all) return callback(null, list as unknown as string, 4);
      const [first] = list;
      if (!first) return callback(new Error(`${hostname} has no address`), "", 4);
      return callback(null, first.address, first.family);
    });
  };
}
