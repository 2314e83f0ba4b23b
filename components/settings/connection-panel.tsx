"use client";

import { DetailSection } from "@/components/ui/detail-section";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import { useAcceloConnection } from "@/lib/query/use-accelo-connection";

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTo(new Date(iso), new Date())}
    </time>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[12rem_1fr] gap-3 py-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

/** The link to Accelo's API: whose token, until when, how much of the budgets is used, what failed last. */
export function ConnectionPanel() {
  const connection = useAcceloConnection();
  const view = connection.data;
  return (
    <DetailSection
      id="accelo-connection"
      title="Accelo connection"
      description="The token this app uses for snapshots, and how much of the request budgets it has spent."
    >
      {connection.isPending && <p className="text-sm text-slate-500">Asking Accelo…</p>}
      {connection.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not load the connection: {connection.error.message}
        </p>
      )}
      {view && !view.configured && <p className="text-sm text-slate-600">{view.notConfigured}</p>}
      {view?.configured && (
        <dl aria-label="Accelo connection" className="divide-y divide-slate-100 text-sm">
          <Row label="API">{view.apiOrigin}</Row>
          {view.token ? (
            <>
              <Row label="Deployment">{view.token.deployment ?? "not said"}</Row>
              <Row label="Token of">{view.token.user ?? "not said"}</Row>
              <Row label="Token expires">
                {view.token.expiresAt ? (
                  <span className={view.token.expiresSoon ? "font-medium text-amber-800" : undefined}>
                    <When iso={view.token.expiresAt} />
                    {view.token.expiresSoon && " — renew it soon"}
                  </span>
                ) : (
                  "not said (a token that does not expire)"
                )}
              </Row>
            </>
          ) : (
            <Row label="Token">
              <span role="alert" className="text-red-700">
                {view.checkError}
              </span>
            </Row>
          )}
          {view.budget && (
            <Row label="This app's budget">
              {view.budget.used} of {view.budget.hourlyBudget} requests this hour
              {view.budget.blockedUntil && (
                <>
                  {" "}
                  · paused until <When iso={view.budget.blockedUntil} />
                </>
              )}
            </Row>
          )}
          <Row label="Accelo's limit">
            {view.acceloRateLimit && view.acceloRateLimit.remaining !== null
              ? `${view.acceloRateLimit.remaining} of ${view.acceloRateLimit.limit ?? "?"} left in Accelo's hour (all of the deployment's integrations)`
              : "not seen yet"}
          </Row>
          <Row label="Last API error">
            {view.lastError ? (
              <>
                {view.lastError.message} (<When iso={view.lastError.at} />)
              </>
            ) : (
              "none since this server started"
            )}
          </Row>
          {view.checkedAt && (
            <Row label="Checked">
              <When iso={view.checkedAt} />
            </Row>
          )}
        </dl>
      )}
    </DetailSection>
  );
}
