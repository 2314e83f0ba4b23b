// Reads what POST /api/webhooks/accelo answered, for the simulator's report and the benchmark's
// durability check (which needs the stored delivery id of every acknowledged request).
import { z } from "zod";
import { apiErrorBodySchema } from "../../lib/http/errors";

const acceptedSchema = z.object({
  id: z.number().int(),
  verdict: z.string(),
  duplicateOf: z.number().int().nullable(),
});

const refusalDetailsSchema = z.object({
  id: z.number().int().optional(),
  verdict: z.string().optional(),
  reason: z.string().nullish(),
});

export interface ReceiverAnswer {
  status: number;
  /** The stored delivery's id, when the receiver stored it and said so. */
  id?: number;
  /** One short phrase: the verdict, or the error code and why. */
  outcome: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readReceiverAnswer(status: number, text: string): ReceiverAnswer {
  const json = parseJson(text);

  const accepted = acceptedSchema.safeParse(json);
  if (accepted.success) {
    const { id, verdict, duplicateOf } = accepted.data;
    return { status, id, outcome: duplicateOf === null ? verdict : `${verdict}, duplicate of ${duplicateOf}` };
  }

  const refused = apiErrorBodySchema.safeParse(json);
  if (refused.success) {
    const { code, message, details } = refused.data.error;
    const parsedDetails = refusalDetailsSchema.safeParse(details);
    const detail = parsedDetails.success ? parsedDetails.data : {};
    const why = [detail.verdict, detail.reason].filter(Boolean).join(": ") || message;
    return { status, id: detail.id, outcome: `${code} (${why})` };
  }

  const excerpt = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return { status, outcome: excerpt === "" ? "empty answer" : `unexpected answer: ${excerpt}` };
}
