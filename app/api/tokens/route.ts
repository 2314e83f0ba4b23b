import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { newApiTokenSchema } from "@/lib/auth/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every API token, without its value (only a hash is kept). */
export const GET = apiRoute({}, async () => ({ tokens: await listApiTokens() }));

/** Creates a token and answers its value: the only time it is shown. */
export const POST = apiRoute({ body: newApiTokenSchema }, async ({ body }) =>
  Response.json(await createApiToken(body), { status: 201 }),
);
