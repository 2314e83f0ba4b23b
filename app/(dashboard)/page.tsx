import type { Metadata } from "next";
import { OverviewDashboard } from "@/components/insights/overview-dashboard";
import { readOverview } from "@/lib/insights/overview";
import { overviewQuerySchema, serializeOverviewQuery } from "@/lib/insights/overview-query";

export const metadata: Metadata = { title: "Overview · Accelo Webhook Monitor" };

/** The landing page: traffic, signature failures, fetches and forwards over a range, from the rollups. */
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = overviewQuerySchema.safeParse(await searchParams);
  const overview = query.success ? await readOverview(query.data) : null;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold tracking-tight text-slate-900">Overview</h1>
      <OverviewDashboard
        serverQuery={query.success ? serializeOverviewQuery(query.data) : ""}
        serverOverview={overview}
      />
    </>
  );
}
