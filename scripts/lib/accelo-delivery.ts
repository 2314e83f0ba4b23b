// Builds requests shaped like Accelo's webhook deliveries (../../../shared/ACCELO.md): the body in
// either content type, the X-Accelo-Event header and the X-Hub-Signature Accelo would compute.
// Shared by `npm run simulate`, the benchmarks and tests, so they all send the same bytes.
import { randomBytes } from "node:crypto";
import type { SignatureAlgorithm } from "../../lib/receiver/signature/algorithms";
import { signBody } from "../../lib/receiver/signature/sign";

export const DELIVERY_FORMATS = ["form", "json"] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

/** How the request is signed: as Accelo would, or spoiled in one of the ways a receiver must catch. */
export const SIGNING_MODES = ["signed", "unsigned", "wrong-secret", "tampered"] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

export const CONTENT_TYPES: Record<DeliveryFormat, string> = {
  form: "application/x-www-form-urlencoded",
  json: "application/json",
};

export const DEFAULT_API_BASE = "https://demo.api.accelo.com";

/**
 * Where Accelo's API serves an object: `resource_url` carries this, and its path names the type.
 * Accelo's own example ends in `.json` (`…/issues/1.json`); real deliveries may come either way.
 */
export function resourceUrlFor(
  apiBase: string,
  resourceType: string,
  objectId: number,
  { jsonSuffix = false }: { jsonSuffix?: boolean } = {},
): string {
  const url = `${apiBase.replace(/\/+$/, "")}/api/v0/${encodeURIComponent(resourceType)}/${objectId}`;
  return jsonSuffix ? `${url}.json` : url;
}

/**
 * The body Accelo sends: `id` and, except for delete events, `resource_url`. Form encoding is
 * Accelo's default; JSON is what a subscription with content_type application/json gets.
 */
export function buildBody(format: DeliveryFormat, objectId: number, resourceUrl?: string): string {
  if (format === "json") {
    return JSON.stringify(resourceUrl === undefined ? { id: objectId } : { id: objectId, resource_url: resourceUrl });
  }
  const fields = new URLSearchParams({ id: String(objectId) });
  if (resourceUrl !== undefined) fields.set("resource_url", resourceUrl);
  return fields.toString();
}

export interface DeliverySpec {
  event: string;
  objectId: number;
  format: DeliveryFormat;
  /** Absent for delete events, which Accelo may send without one. */
  resourceUrl?: string;
  signing: SigningMode;
  /** The subscription's secret; required unless `signing` is "unsigned". */
  secret?: string;
  algorithm: SignatureAlgorithm;
  /** `sha1=<hex>` instead of bare hex. */
  prefixed: boolean;
}

export interface AcceloRequest {
  headers: Record<string, string>;
  body: string;
}

/** The body an attacker or a re-encoding proxy might forward: same shape, another object id. */
function tamperedBody(spec: DeliverySpec): string {
  return buildBody(spec.format, spec.objectId + 1, spec.resourceUrl);
}

function signingSecret(spec: DeliverySpec): string {
  if (spec.secret === undefined || spec.secret === "") {
    throw new Error(`signing mode "${spec.signing}" needs a secret`);
  }
  // A secret that cannot be any configured one, so the receiver sees a well-formed digest that no
  // secret produces.
  return spec.signing === "wrong-secret" ? `wrong-${randomBytes(8).toString("hex")}` : spec.secret;
}

export function buildDelivery(spec: DeliverySpec): AcceloRequest {
  const body = buildBody(spec.format, spec.objectId, spec.resourceUrl);
  const headers: Record<string, string> = {
    "content-type": CONTENT_TYPES[spec.format],
    "x-accelo-event": spec.event,
  };
  if (spec.signing === "unsigned") return { headers, body };

  headers["x-hub-signature"] = signBody(body, signingSecret(spec), {
    algorithm: spec.algorithm,
    prefixed: spec.prefixed,
  });
  return { headers, body: spec.signing === "tampered" ? tamperedBody(spec) : body };
}
