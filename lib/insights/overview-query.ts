import { z } from "zod";
import { queryInput } from "../http/search-params";
import { DAY_MS, dayOf, HOUR_MS, hourOf } from "./hours";

// The overview's range, as the URL carries it: a preset ending now, or a custom from/to. The API
// route, the server-rendered page and the browser parse it with this one schema.

export const OVERVIEW_RANGES = ["24h", "7d", "30d"] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];

/** A custom range reads at most this much: the rollups' cost follows the days and hours shown. */
export const MAX_CUSTOM_DAYS = 90;

const instant = z.iso.datetime({ offset: true, message: "Expected an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z" });
const PARAM_NAMES = ["range", "from", "to", "split"] as const;

const overviewQueryObject = z
  .object({
    range: z.enum(OVERVIEW_RANGES).optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** "event": the deliveries chart stacked by event instead of verdict. */
    split: z.enum(["event"]).optional(),
  })
  .refine((query) => !(query.range && (query.from || query.to)), {
    message: "Use either range or from/to, not both",
    path: ["range"],
  })
  .refine((query) => !(query.to && !query.from), { message: "to needs a from", path: ["to"] })
  .refine((query) => !(query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)), {
    message: "from must be before to",
    path: ["from"],
  })
  .refine((query) => !(query.from && !query.to && Date.parse(query.from) >= Date.now()), {
    message: "from must be in the past when no to is given",
    path: ["from"],
  })
  .refine(
    (query) =>
      !query.from ||
      (query.to ? Date.parse(query.to) : Date.now()) - Date.parse(query.from) <= MAX_CUSTOM_DAYS * DAY_MS,
    { message: `A custom range spans at most ${MAX_CUSTOM_DAYS} days`, path: ["from"] },
  );

export const overviewQuerySchema = z.preprocess((query) => queryInput(query, PARAM_NAMES), overviewQueryObject);
export type OverviewQuery = z.output<typeof overviewQueryObject>;

/** The query string (without "?") that parses back to this query. */
export function serializeOverviewQuery(query: Partial<OverviewQuery>): string {
  const params = new URLSearchParams();
  for (const name of PARAM_NAMES) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  return params.toString();
}

export interface OverviewWindow {
  /** Inclusive, at an hour's start. */
  from: Date;
  /** Exclusive, at an hour's start. */
  to: Date;
  bucket: "hour" | "day";
  /** The bars' edges: bucket i is [edges[i], edges[i + 1]). */
  edges: Date[];
}

/** Longer windows are drawn a day per bar. */
const HOURLY_UP_TO_MS = 2 * DAY_MS;

/**
 * The whole hours the overview counts, at `now`. The rollups count whole hours, so the window is
 * widened to them: 24h is the current hour and the 23 before it, 7d and 30d whole UTC days up to
 * the end of today, a custom range from the start of its first hour to the end of its last.
 * Every figure then equals the list filtered by the same from/to.
 */
export function overviewWindow(query: OverviewQuery, now: Date): OverviewWindow {
  let from: Date;
  let to: Date;
  if (query.from) {
    from = hourOf(new Date(query.from));
    const end = query.to ? new Date(query.to) : now;
    to = new Date(Math.ceil(end.getTime() / HOUR_MS) * HOUR_MS);
  } else {
    const range = query.range ?? "24h";
    if (range === "24h") {
      to = new Date(hourOf(now).getTime() + HOUR_MS);
      from = new Date(to.getTime() - DAY_MS);
    } else {
      to = new Date(dayOf(now).getTime() + DAY_MS);
      from = new Date(to.getTime() - (range === "7d" ? 7 : 30) * DAY_MS);
    }
  }
  const bucket = to.getTime() - from.getTime() > HOURLY_UP_TO_MS ? "day" : "hour";
  const size = bucket === "day" ? DAY_MS : HOUR_MS;
  const edges = [from];
  for (let edge = (bucket === "day" ? dayOf(from) : from).getTime() + size; edge < to.getTime(); edge += size) {
    edges.push(new Date(edge));
  }
  edges.push(to);
  return { from, to, bucket, edges };
}

/** The index of the bucket an hour belongs to. */
export function bucketIndex(window: OverviewWindow, hour: Date): number {
  const time = hour.getTime();
  let low = 0;
  let high = window.edges.length - 2;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (window.edges[middle].getTime() <= time) low = middle;
    else high = middle - 1;
  }
  return low;
}
