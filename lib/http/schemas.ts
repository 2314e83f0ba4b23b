import { z } from "zod";

/** GET /api/health: the process answers; the database is not asked. */
export const healthSchema = z.object({ status: z.literal("ok") });

/** GET /api/openapi.json: an OpenAPI 3.1 document (its validity is tests' to check). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
