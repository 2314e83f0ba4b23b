import { openApiDocument } from "@/lib/http/openapi/document";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

/** The API's description, public: it says how to call the API, not anything the API holds. */
export const GET = apiRoute(API_ROUTES["GET /api/openapi.json"], async () => openApiDocument());
