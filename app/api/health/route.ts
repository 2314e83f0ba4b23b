// Liveness only: answers without touching the database, so it is also the baseline the ingest
// benchmark compares the receiver against.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
