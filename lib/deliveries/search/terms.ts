// What the list's search box says, once read: terms that must all hold (or, negated, must not).
// `value` keeps `*` as the wildcard (any run of characters); without one the value is matched whole.

/** Fields stored in a column of their own: each term on one is a column comparison. */
export const COLUMN_FIELDS = ["id", "resource_url", "event", "type"] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

export type SearchTerm =
  /** A case-insensitive substring of the object id, the resource URL or the parsed body. */
  | { kind: "text"; text: string; negated: boolean }
  | { kind: "column"; field: ColumnField; value: string; negated: boolean }
  /** A request header, by its name in lower case; any of its values may match. */
  | { kind: "header"; name: string; value: string; negated: boolean }
  /** A string, number or boolean at a path of keys in a body parsed as JSON (or a form's fields). */
  | { kind: "payload"; path: string[]; value: string; negated: boolean };

export const WILDCARD = "*";

export function hasWildcard(value: string): boolean {
  return value.includes(WILDCARD);
}
