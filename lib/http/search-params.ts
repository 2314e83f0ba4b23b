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
