import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

// Liveness only: answers without touching the database, so it is also the baseline the ingest
// benchmark compares the receiver against.
export const dynamic = "force-dynamic";

export const GET = apiRoute(API_ROUTES["GET /api/health"], async () => ({ status: "ok" as const }));
