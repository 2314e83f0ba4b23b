export type BodyFormat = "json" | "form" | "empty" | "unparsed";

export interface ParsedPayload {
  format: BodyFormat;
  /** The Content-Type was missing or did not match the body, so the format was sniffed. */
  contentTypeSniffed: boolean;
  /**
   * The decoded body as JSON text: a JSON body's own text (never re-serialised, which could
   * overflow the stack on deep nesting), a form as an object of its fields.
   */
  payloadJson?: string;
  parseError?: string;
  objectId?: string;
  resourceUrl?: string;
  resourceType?: string;
  resourceId?: string;
}

const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";
const FORM_SHAPE = /^[^=&]*=[^&]*(&[^=&]*=[^&]*)*&?$/;
// A trailing `.json` (Accelo's own example carries one) is not part of the id: `/issues/1.json`
// and `/issues/1` index as one object.
const RESOURCE_PATH = /\/api\/v\d+\/([A-Za-z_]+)\/([^/?#]+?)(?:\.json)?\/?$/;

function mediaType(contentType: string | null): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase() || undefined;
}

/**
 * PostgreSQL text cannot hold U+0000, and a delivery that cannot be stored is lost: text picked
 * out of a body (and error messages quoting it) carry U+FFFD instead. The raw body keeps the byte.
 */
function storableText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}

type Attempt = { kind: "parsed"; payload: unknown } | { kind: "failed"; error: string };

function parseJson(text: string): Attempt {
  try {
    return { kind: "parsed", payload: JSON.parse(text) };
  } catch (error) {
    // Deep nesting overflows the stack: a RangeError, reported like any syntax error.
    return { kind: "failed", error: `Invalid JSON: ${(error as Error).message}` };
  }
}

function parseForm(text: string): Attempt {
  if (!FORM_SHAPE.test(text.trim()))
    return { kind: "failed", error: "Not a form body: expected name=value pairs joined by &" };
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text.trim())) {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { kind: "parsed", payload: fields };
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{["]/.test(text);
}

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON number beyond 2^53 loses digits in JSON.parse; take the id's digits from the text. */
function objectIdFrom(value: unknown, text: string, format: BodyFormat): string | undefined {
  const id = firstValue(value);
  if (typeof id === "number") {
    if (format === "json" && !Number.isSafeInteger(id)) {
      return /"id"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text)?.[1] ?? String(id);
    }
    return String(id);
  }
  if (typeof id === "string" && id !== "") return storableText(id);
  return undefined;
}

function resourceFrom(url: string): { resourceType?: string; resourceId?: string } {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return {};
  }
  const match = RESOURCE_PATH.exec(pathname);
  return match ? { resourceType: match[1].toLowerCase(), resourceId: storableText(decodedPathSegment(match[2])) } : {};
}

/** A path segment with its percent-escapes decoded, or as it is when they are malformed (`%FF`, `%E0%A4%A`). */
function decodedPathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Reads an Accelo body as JSON or as a form (Accelo's default), trusting Content-Type when it
 * fits the body and sniffing otherwise, then picks out `id` and `resource_url`. Never throws:
 * anything unreadable comes back as format "unparsed" with the reason.
 */
export function parsePayload(raw: Uint8Array, contentType: string | null): ParsedPayload {
  const declared = mediaType(contentType);
  if (raw.byteLength === 0) {
    return {
      format: "empty",
      contentTypeSniffed: false,
      parseError: "Empty body: an Accelo delivery always carries an id",
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return {
      format: "unparsed",
      contentTypeSniffed: declared !== JSON_TYPE && declared !== FORM_TYPE,
      parseError: "Body is not valid UTF-8",
    };
  }

  const declaredFormat = declared === JSON_TYPE ? "json" : declared === FORM_TYPE ? "form" : undefined;
  const sniffedFormat = looksLikeJson(text) ? "json" : "form";
  const order: ("json" | "form")[] = declaredFormat
    ? [declaredFormat, declaredFormat === "json" ? "form" : "json"]
    : [sniffedFormat, sniffedFormat === "json" ? "form" : "json"];

  let firstError = "";
  for (const format of order) {
    const attempt = format === "json" ? parseJson(text) : parseForm(text);
    if (attempt.kind === "failed") {
      firstError ||= attempt.error;
      continue;
    }
    const fields =
      attempt.payload && typeof attempt.payload === "object" && !Array.isArray(attempt.payload)
        ? (attempt.payload as Record<string, unknown>)
        : {};
    const resourceUrl = firstValue(fields.resource_url);
    return {
      format,
      contentTypeSniffed: format !== declaredFormat,
      payloadJson: format === "json" ? text : JSON.stringify(attempt.payload),
      objectId: objectIdFrom(fields.id, text, format),
      ...(typeof resourceUrl === "string" && resourceUrl !== ""
        ? { resourceUrl: storableText(resourceUrl), ...resourceFrom(resourceUrl) }
        : {}),
    };
  }
  return { format: "unparsed", contentTypeSniffed: declaredFormat === undefined, parseError: storableText(firstError) };
}
