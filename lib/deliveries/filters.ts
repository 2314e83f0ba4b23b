import { z } from "zod";
import { SUBSCRIPTION_ID_PATTERN } from "../accelo/subscription-fields";
import { queryInput } from "../http/search-params";
import { FAILURE_VERDICTS, SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { decodeDeliveryCursor } from "./cursor";
import { parseSearch } from "./search/parse";

// The delivery list's filters and page position, as the URL carries them. The API route, the
// server-rendered page and the browser all parse them with this one schema and write them back
// with serializeDeliveryFilters, so a shared link or a reload shows the same rows.

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

/** Time windows offered as presets, ending now; the URL keeps the preset, not the instants. */
export const TIME_RANGE_PRESETS = {
  "1h": 60 * 60 * 1000,
  "24h": 24 * 60 * 60 * 1000,
  "7d": 7 * 24 * 60 * 60 * 1000,
  "30d": 30 * 24 * 60 * 60 * 1000,
} as const;
export type TimeRangePreset = keyof typeof TIME_RANGE_PRESETS;
const PRESET_NAMES = Object.keys(TIME_RANGE_PRESETS) as [TimeRangePreset, ...TimeRangePreset[]];

export function isTimeRangePreset(value: string): value is TimeRangePreset {
  return Object.hasOwn(TIME_RANGE_PRESETS, value);
}

/** The view the failures banner counts and links to: bad or absent signatures in the last 24 hours. */
export const RECENT_FAILURES_FILTERS = {
  verdict: [...FAILURE_VERDICTS],
  range: "24h",
} satisfies Partial<DeliveryFilters>;

/** The query-string names, in the order serializeDeliveryFilters writes them. */
const PARAM_NAMES = [
  "q",
  "event",
  "type",
  "subscription",
  "forward",
  "fetch",
  "verdict",
  "range",
  "from",
  "to",
  "cursor",
  "limit",
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true, message: "Expected an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z" });

/** Verdicts arrive as "invalid,missing" (or repeated); kept deduplicated in one canonical order. */
const verdicts = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(SIGNATURE_VERDICTS)).min(1))
  .transform((chosen) => SIGNATURE_VERDICTS.filter((verdict) => chosen.includes(verdict)));

const filtersObject = z
  .object({
    /** The search box: plain text and field:value terms (lib/deliveries/search). */
    q: text(200)
      .superRefine((q, context) => {
        const parsed = parseSearch(q);
        if (parsed.kind === "error") context.addIssue({ code: "custom", message: parsed.message });
      })
      .optional(),
    event: text(200).optional(),
    type: text(100).optional(),
    /** The subscription whose secret signed the delivery (lib/subscriptions). */
    subscription: z
      .string()
      .trim()
      .regex(SUBSCRIPTION_ID_PATTERN, "A subscription id is Accelo's 24-character hex id")
      .transform((id) => id.toLowerCase())
      .optional(),
    /** "failed": deliveries a destination gave up on (lib/forwarding). */
    forward: z.enum(["failed"]).optional(),
    /** "failed": deliveries whose snapshot fetch failed for good (lib/fetch-queue). */
    fetch: z.enum(["failed"]).optional(),
    verdict: verdicts.optional(),
    range: z.enum(PRESET_NAMES).optional(),
    from: instant.optional(),
    to: instant.optional(),
    cursor: z
      .string()
      .refine((cursor) => decodeDeliveryCursor(cursor) !== null, "Not a cursor this API gave out")
      .optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  })
  .refine((filters) => !(filters.range && (filters.from || filters.to)), {
    message: "Use either range or from/to, not both",
    path: ["range"],
  })
  .refine((filters) => !(filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to)), {
    message: "from must be before to",
    path: ["from"],
  });

/** Parses a query (URLSearchParams, or an object such as Next's `searchParams`) into the list's filters. */
export const deliveryFiltersSchema = z.preprocess(
  (query) => queryInput(query, PARAM_NAMES, ["verdict"]),
  filtersObject,
);
export type DeliveryFilters = z.output<typeof filtersObject>;

/** The query string (without "?") that parses back to these filters; defaults are left out. */
export function serializeDeliveryFilters(filters: Partial<DeliveryFilters>): string {
  const params = new URLSearchParams();
  for (const name of PARAM_NAMES) {
    const value = filters[name];
    if (value === undefined || (name === "limit" && value === DEFAULT_LIST_LIMIT)) continue;
    const written = Array.isArray(value) ? value.join(",") : String(value);
    if (written !== "") params.set(name, written);
  }
  return params.toString();
}

/** True when the list is narrowed by anything other than its page position. */
export function hasActiveFilters(filters: DeliveryFilters): boolean {
  return Boolean(
    filters.q ||
      filters.event ||
      filters.type ||
      filters.subscription ||
      filters.forward ||
      filters.fetch ||
      filters.verdict ||
      filters.range ||
      filters.from ||
      filters.to,
  );
}

/** The instants a filter's time range stands for at `now`; open ends are undefined. */
export function resolveTimeWindow(filters: DeliveryFilters, now: Date): { from?: Date; to?: Date } {
  if (filters.range) return { from: new Date(now.getTime() - TIME_RANGE_PRESETS[filters.range]) };
  return {
    from: filters.from ? new Date(filters.from) : undefined,
    to: filters.to ? new Date(filters.to) : undefined,
  };
}
