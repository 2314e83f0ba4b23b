import { z } from "zod";
import { SIGNATURE_VERDICTS } from "./signature/verdicts";

/** What the receiver answers a delivery it stored: 200 when its signature is valid, 202 otherwise. */
export const receiverAnswerSchema = z.object({
  id: z.number().int(),
  verdict: z.enum(SIGNATURE_VERDICTS),
  /** The earlier delivery with the same event and body, when this one repeats it. */
  duplicateOf: z.number().int().nullable(),
});
