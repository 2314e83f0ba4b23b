/**
 * A query string as Next hands it to pages (`searchParams`): a name given once is a string, a
 * repeated one an array. API routes hand their schemas the same shape, so a page and the route
 * behind it parse one query with one schema.
 */
export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export function searchParamsRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    record[name] = values.length === 1 ? values[0] : values;
  }
  return record;
}

/**
 * A query (URLSearchParams, or a record such as Next's `searchParams`) as an object of `names`
 * alone, for a schema to parse. A repeated name keeps its first value, as URLSearchParams.get
 * does, unless it is in `joined`, whose values are joined with commas (a multi-choice filter
 * written by hand as `?verdict=a&verdict=b`). An empty value ("?q=", a cleared input) means "not
 * given", not "match the empty string". Anything else passes through for the schema to refuse.
 */
export function queryInput(query: unknown, names: readonly string[], joined: readonly string[] = []): unknown {
  const record = query instanceof URLSearchParams ? searchParamsRecord(query) : query;
  if (typeof record !== "object" || record === null) return record;
  const input: Record<string, unknown> = {};
  for (const name of names) {
    const given: unknown = (record as Record<string, unknown>)[name];
    const values = Array.isArray(given) ? given : given === undefined ? [] : [given];
    const value = joined.includes(name) ? values.join(",") : values[0];
    if (value !== undefined && String(value).trim() !== "") input[name] = value;
  }
  return input;
}
