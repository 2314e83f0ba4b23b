import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import type { createdApiTokenSchema } from "@/lib/auth/schemas";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every API token, without its value (only a hash is kept). */
export const GET = apiRoute(API_ROUTES["GET /api/tokens"], async () => ({ tokens: await listApiTokens() }));

/** Creates a token and answers its value: the only time it is shown. */
export const POST = apiRoute(API_ROUTES["POST /api/tokens"], async ({ body }) =>
  Response.json((await createApiToken(body)) satisfies AnswerOf<typeof createdApiTokenSchema>, { status: 201 }),
);
