import { RESOURCE_ID_PATTERN, RESOURCE_TYPE_PATTERN } from "../snapshots/schemas";
import type { AcceloConfig } from "./config";
import type { SkipReason } from "./fetch-reasons";

/** A resource the API may be asked for: always on the configured origin, type and id checked. */
export interface ResourceTarget {
  /**
   * `{apiOrigin}/api/v0/{type}/{id}`, without a `.json` the delivery may have carried: the form
   * fetched, and the key that jobs and snapshots of one object share.
   */
  url: string;
  type: string;
  id: string;
}

export type ResourceUrlCheck =
  | { kind: "fetchable"; target: ResourceTarget }
  | { kind: "refused"; reason: "invalid_url" | "foreign_origin" };

/**
 * Accelo's own example ends in `.json` (`/api/v0/issues/1.json`), which its API has long accepted:
 * that suffix, and nothing else, may follow the id. Both spellings name one object.
 */
const RESOURCE_PATH = new RegExp(`^/api/v0/(${RESOURCE_TYPE_PATTERN})/(${RESOURCE_ID_PATTERN})(?:\\.json)?$`);

/**
 * The origin guard. A resource_url comes from a request anyone can send, and the fetch carries
 * the Accelo token: so it is fetched only when its origin is exactly the configured API's (scheme,
 * host, port) and it is already in canonical form `/api/v0/{type}/{id}`, or that with `.json` —
 * no credentials, query, fragment, dot segments, encoded slashes or anything else a URL parser
 * would rewrite.
 */
export function checkResourceUrl(raw: string, apiOrigin: string): ResourceUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: "refused", reason: "invalid_url" };
  }
  if (url.username || url.password) return { kind: "refused", reason: "invalid_url" };
  if (url.origin !== apiOrigin) return { kind: "refused", reason: "foreign_origin" };
  // Equal to its own canonical form: whatever the parser normalised away was not plain.
  if (raw !== `${url.origin}${url.pathname}` || url.search || url.hash)
    return { kind: "refused", reason: "invalid_url" };
  const match = RESOURCE_PATH.exec(url.pathname);
  if (!match) return { kind: "refused", reason: "invalid_url" };
  const [, type, id] = match;
  return { kind: "fetchable", target: { url: `${url.origin}/api/v0/${type}/${id}`, type, id } };
}

export interface FetchableDelivery {
  resourceUrl: string | null;
  /** "valid" | "invalid" | "missing" | "unverified", as the receiver recorded it. */
  signatureVerdict: string;
}

export type FetchPermission = { kind: "allowed"; target: ResourceTarget } | { kind: "skipped"; reason: SkipReason };

/**
 * Whether a delivery's resource may be fetched with the configured token: a signature that
 * proves Accelo sent it (or, with no secret set, the operator's opt-in), then the origin guard.
 */
export function checkFetchAllowed(
  delivery: FetchableDelivery,
  config: Pick<AcceloConfig, "apiOrigin" | "fetchUnverified">,
): FetchPermission {
  if (!delivery.resourceUrl) return { kind: "skipped", reason: "no_resource_url" };
  switch (delivery.signatureVerdict) {
    case "valid":
      break;
    case "unverified":
      if (!config.fetchUnverified) return { kind: "skipped", reason: "signature_unverified" };
      break;
    case "missing":
      return { kind: "skipped", reason: "signature_missing" };
    default:
      return { kind: "skipped", reason: "signature_invalid" };
  }
  const check = checkResourceUrl(delivery.resourceUrl, config.apiOrigin);
  return check.kind === "fetchable"
    ? { kind: "allowed", target: check.target }
    : { kind: "skipped", reason: check.reason };
}
