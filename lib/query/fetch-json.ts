import { z } from "zod";
import { apiErrorBodySchema } from "../http/errors";

/** What a 204 answers: no body at all. */
export const noContent = z.undefined();

/** An error answer from our own API, carrying its code so the UI can explain it. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/**
 * The one way the pages call the API: forwards React Query's abort signal, sends JSON, checks
 * the answer against a zod schema, and turns the one error shape into an ApiRequestError.
 */
export async function fetchJson<Schema extends z.ZodType>(
  url: string,
  schema: Schema,
  { signal, method = "GET", body }: { signal?: AbortSignal; method?: string; body?: unknown } = {},
): Promise<z.infer<Schema>> {
  const response = await fetch(url, {
    method,
    signal,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiRequestError(response.status, code, message, details);
    }
    throw new ApiRequestError(response.status, "http_error", `Request failed with status ${response.status}`);
  }
  return schema.parse(json);
}
