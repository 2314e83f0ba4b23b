import { connectionView } from "@/lib/accelo/connection";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The link to Accelo: the token's deployment, user and expiry, the budgets, the last error. */
export const GET = apiRoute({}, () => connectionView());
