import { z } from "zod";

/**
 * A row id as it appears in a URL: digits only, so "1e3", "0x10" or " 7" are refused rather than
 * read as some other number, and within the database's integer range.
 */
export function idParamSchema(what: string) {
  return z
    .string()
    .regex(/^[1-9]\d{0,9}$/, `A ${what} id is a positive whole number`)
    .transform(Number)
    .pipe(z.number().int().max(2_147_483_647, `No ${what} id is that large`));
}
