import { z } from "zod";
import { explainFetchReason } from "@/lib/accelo/fetch-reasons";
import { ApiRequestError } from "@/lib/query/fetch-json";

const fetchErrorDetailsSchema = z.object({ reason: z.string(), retryAt: z.string().nullable().optional() });

/**
 * A failed Refresh in words, in the reader's own time zone: "Rate limited by Accelo until 14:05",
 * "Accelo rejected the access token…". Errors that are not about the fetch keep their message.
 */
export function explainRefreshError(error: Error): string {
  if (error instanceof ApiRequestError) {
    const details = fetchErrorDetailsSchema.safeParse(error.details);
    if (details.success) return explainFetchReason(details.data.reason, details.data.retryAt);
  }
  return error.message;
}
