import { connectionView } from "@/lib/accelo/connection";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The link to Accelo: the token's deployment, user and expiry, the budgets, the last error. */
export const GET = apiRoute(API_ROUTES["GET /api/accelo/connection"], () => connectionView());
