import { z } from "zod";

/**
 * A delivery id as it appears in a URL: digits only, so "1e3", "0x10" or " 7" are refused rather
 * than read as some other number, and within the database's integer range.
 */
export const deliveryIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, "A delivery id is a positive whole number")
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647, "No delivery id is that large"));
