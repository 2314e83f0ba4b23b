"use client";

import clsx from "clsx";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useId, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DetailSection } from "@/components/ui/detail-section";
import { INPUT, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { type DeliveryFilters, serializeDeliveryFilters } from "@/lib/deliveries/filters";
import {
  OVERVIEW_RANGES,
  type OverviewQuery,
  type OverviewRange,
  overviewQuerySchema,
  serializeOverviewQuery,
} from "@/lib/insights/overview-query";
import type { Overview } from "@/lib/insights/schemas";
import { useOverview } from "@/lib/query/use-overview";
import { SIGNATURE_VERDICTS } from "@/lib/receiver/signature/verdicts";
import { ChartTable } from "./chart-table";
import { PATTERN_CYCLE, type Series, StackedBars, Swatch } from "./stacked-bars";

/** The figures are hourly counts: a refresh now and then is plenty. */
const POLL_MS = 30_000;

const RANGE_LABELS: Record<OverviewRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

const VERDICT_SERIES: Series[] = [
  { key: "valid", label: "Valid", color: "#059669", pattern: "solid" },
  { key: "invalid", label: "Invalid", color: "#dc2626", pattern: "stripes" },
  { key: "missing", label: "Missing", color: "#d97706", pattern: "dots" },
  { key: "unverified", label: "Unverified", color: "#64748b", pattern: "crosshatch" },
];
const EVENT_COLORS = ["#4f46e5", "#0891b2", "#c026d3", "#65a30d", "#ea580c", "#0f766e", "#9333ea", "#be123c"];
const FETCH_SERIES: Series[] = [
  { key: "succeeded", label: "Succeeded", color: "#059669", pattern: "solid" },
  { key: "failed", label: "Failed", color: "#dc2626", pattern: "stripes" },
];

const number = new Intl.NumberFormat("en");
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const hourLabel = new Intl.DateTimeFormat("en", {
  timeZone: "UTC",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const dayLabel = new Intl.DateTimeFormat("en", { timeZone: "UTC", month: "short", day: "numeric" });

function bucketLabel(start: string, bucket: Overview["window"]["bucket"]): string {
  return (bucket === "hour" ? hourLabel : dayLabel).format(new Date(start));
}

/** The delivery list narrowed to these filters over [from, to): the same deliveries a figure counts. */
function listHref(filters: Partial<DeliveryFilters>): string {
  return `/deliveries?${serializeDeliveryFilters(filters)}`;
}

function overviewHref(query: Partial<OverviewQuery>): string {
  const search = serializeOverviewQuery(query);
  return search ? `/?${search}` : "/";
}

interface OverviewDashboardProps {
  /** The query string the server rendered `serverOverview` for. */
  serverQuery: string;
  serverOverview: Overview | null;
}

/** The overview: a range picker over charts of the hourly and daily rollups, each with its table. */
export function OverviewDashboard({ serverQuery, serverOverview }: OverviewDashboardProps) {
  const searchParams = useSearchParams();
  const parsed = useMemo(
    () => overviewQuerySchema.safeParse(new URLSearchParams(searchParams.toString())),
    [searchParams],
  );
  if (!parsed.success) {
    return (
      <div
        role="alert"
        className="rounded-xl bg-amber-50 p-5 text-sm text-amber-950 ring-1 ring-amber-600/30 ring-inset"
      >
        <p className="font-medium">This address holds a range the overview cannot read:</p>
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {parsed.error.issues.map((issue) => (
            <li key={`${issue.path.join(".")}:${issue.message}`}>
              <span className="font-mono">{issue.path.join(".") || "query"}</span>: {issue.message}
            </li>
          ))}
        </ul>
        <Link href="/" className="mt-3 inline-block font-semibold underline underline-offset-2">
          Show the last 24 hours
        </Link>
      </div>
    );
  }
  return <OverviewFigures query={parsed.data} serverQuery={serverQuery} serverOverview={serverOverview} />;
}

function OverviewFigures({
  query,
  serverQuery,
  serverOverview,
}: {
  query: OverviewQuery;
  serverQuery: string;
  serverOverview: Overview | null;
}) {
  const key = serializeOverviewQuery(query);
  const { data, error } = useOverview(query, {
    initialData: key === serverQuery && serverOverview ? serverOverview : undefined,
    pollMs: POLL_MS,
  });
  return (
    <div className="space-y-6">
      <RangePicker query={query} />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          The figures could not be loaded: {error.message}
        </p>
      )}
      {data && <Figures overview={data} query={query} />}
    </div>
  );
}

function RangePicker({ query }: { query: OverviewQuery }) {
  const router = useRouter();
  const fromId = useId();
  const toId = useId();
  const custom = Boolean(query.from);
  const chosen = custom ? undefined : (query.range ?? "24h");
  // datetime-local shows minutes in no time zone; the overview counts UTC hours, so UTC it is.
  const local = (iso: string | undefined) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const utc = (value: FormDataEntryValue | null) => (value ? `${String(value)}:00Z` : undefined);
    router.push(overviewHref({ from: utc(form.get("from")), to: utc(form.get("to")), split: query.split }));
  };
  return (
    <div className="flex flex-wrap items-end gap-4">
      <nav aria-label="Range" className="flex rounded-lg bg-white p-0.5 shadow-sm ring-1 ring-slate-200">
        {OVERVIEW_RANGES.map((range) => (
          <Link
            key={range}
            href={overviewHref({ range: range === "24h" ? undefined : range, split: query.split })}
            aria-current={chosen === range ? "page" : undefined}
            className={clsx(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              chosen === range ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {RANGE_LABELS[range]}
          </Link>
        ))}
      </nav>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
        <label htmlFor={fromId} className="text-xs font-medium text-slate-600">
          From (UTC)
          <input
            id={fromId}
            name="from"
            type="datetime-local"
            required
            defaultValue={local(query.from)}
            className={clsx(INPUT, "mt-1 block py-1.5")}
          />
        </label>
        <label htmlFor={toId} className="text-xs font-medium text-slate-600">
          To (UTC)
          <input
            id={toId}
            name="to"
            type="datetime-local"
            defaultValue={local(query.to)}
            className={clsx(INPUT, "mt-1 block py-1.5")}
          />
        </label>
        <SubmitButton className={clsx(SECONDARY_BUTTON, custom && "bg-indigo-50 ring-indigo-300")}>
          Show range
        </SubmitButton>
      </form>
    </div>
  );
}

function Figures({ overview, query }: { overview: Overview; query: OverviewQuery }) {
  const { window } = overview;
  const span = `${bucketLabel(window.from, "hour")} – ${bucketLabel(window.to, "hour")} UTC, ${window.bucket === "hour" ? "per hour" : "per day"}`;
  return (
    <>
      <p className="text-xs text-slate-500">{span}</p>
      <DeliveriesCard overview={overview} query={query} />
      <div className="grid gap-6 lg:grid-cols-2">
        <FailureRateCard overview={overview} />
        <FetchesCard overview={overview} />
        <ForwardingCard overview={overview} />
        <BusiestObjectsCard overview={overview} />
      </div>
    </>
  );
}

function DeliveriesCard({ overview, query }: { overview: Overview; query: OverviewQuery }) {
  const router = useRouter();
  const { window, deliveries, events } = overview;
  const whole = { from: window.from, to: window.to };
  const byEvent = query.split === "event" && events !== null;
  const eventSeries: Series[] = byEvent
    ? [
        ...events.names.map((name, index) => ({
          key: `e${index}`,
          label: name ?? "(no event)",
          color: EVENT_COLORS[index % EVENT_COLORS.length],
          pattern: PATTERN_CYCLE[index % PATTERN_CYCLE.length],
        })),
        { key: "other", label: "Other events", color: "#94a3b8", pattern: "grid" },
      ]
    : [];
  const series = byEvent ? eventSeries : VERDICT_SERIES;
  const data = byEvent
    ? events.buckets.map((bucket) => ({
        label: bucketLabel(bucket.start, window.bucket),
        ...Object.fromEntries(bucket.counts.map((count, index) => [`e${index}`, count])),
        other: bucket.other,
      }))
    : deliveries.buckets.map((bucket) => ({ label: bucketLabel(bucket.start, window.bucket), ...bucket }));
  const select = (seriesKey: string, index: number) => {
    const bucket = deliveries.buckets[index];
    if (!bucket) return;
    const bounds = { from: bucket.start, to: bucket.end };
    if (!byEvent) {
      router.push(listHref({ ...bounds, verdict: [seriesKey as (typeof SIGNATURE_VERDICTS)[number]] }));
      return;
    }
    const name = events.names[Number(seriesKey.slice(1))];
    if (seriesKey !== "other" && name) router.push(listHref({ ...bounds, event: name }));
  };
  return (
    <DetailSection
      id="deliveries"
      title="Deliveries"
      description={
        byEvent
          ? "Stacked by event; the busiest eight are drawn apart."
          : "Stacked by signature verdict. Click a band to list its deliveries."
      }
      actions={
        <Link href={overviewHref({ ...query, split: byEvent ? undefined : "event" })} className={SECONDARY_BUTTON}>
          {byEvent ? "Stack by verdict" : "Split by event"}
        </Link>
      }
    >
      <ul className="mb-3 flex flex-wrap gap-x-5 gap-y-1 text-sm" aria-label="Totals">
        <li>
          <Link href={listHref(whole)} className="font-semibold text-slate-900 hover:underline">
            {number.format(deliveries.total)} deliveries
          </Link>
        </li>
        {VERDICT_SERIES.map((verdict) => (
          <li key={verdict.key} className="flex items-center gap-1.5">
            <Swatch prefix="totals" series={verdict} />
            <Link
              href={listHref({ ...whole, verdict: [verdict.key as (typeof SIGNATURE_VERDICTS)[number]] })}
              className="text-slate-700 hover:underline"
            >
              {verdict.label}: {number.format(deliveries[verdict.key as keyof typeof deliveries] as number)}
            </Link>
          </li>
        ))}
      </ul>
      <StackedBars
        id="deliveries-chart"
        label={`Deliveries ${window.bucket === "hour" ? "per hour" : "per day"}, ${byEvent ? "by event" : "by signature verdict"}`}
        data={data}
        series={series}
        onSelect={select}
      />
      {byEvent ? (
        <ChartTable
          caption="Deliveries by event"
          head={["Event", "Deliveries"]}
          rows={[
            ...events.names.map((name, index) => ({
              key: name ?? "",
              cells: [
                name ? (
                  <Link
                    key="event"
                    href={listHref({ ...whole, event: name })}
                    className="text-indigo-700 hover:underline"
                  >
                    {name}
                  </Link>
                ) : (
                  "(no event)"
                ),
                number.format(events.totals[index]),
              ],
            })),
            { key: "\u0000other", cells: ["Other events", number.format(events.other)] },
          ]}
        />
      ) : (
        <ChartTable
          caption={`Deliveries by signature verdict ${window.bucket === "hour" ? "per hour" : "per day"}`}
          head={[
            window.bucket === "hour" ? "Hour (UTC)" : "Day (UTC)",
            "Total",
            ...VERDICT_SERIES.map((verdict) => verdict.label),
          ]}
          rows={[
            ...deliveries.buckets.map((bucket) => ({
              key: bucket.start,
              cells: [
                bucketLabel(bucket.start, window.bucket),
                number.format(SIGNATURE_VERDICTS.reduce((sum, verdict) => sum + bucket[verdict], 0)),
                ...SIGNATURE_VERDICTS.map((verdict) =>
                  bucket[verdict] > 0 ? (
                    <Link
                      key={verdict}
                      href={listHref({ from: bucket.start, to: bucket.end, verdict: [verdict] })}
                      className="text-indigo-700 hover:underline"
                    >
                      {number.format(bucket[verdict])}
                    </Link>
                  ) : (
                    "0"
                  ),
                ),
              ],
            })),
            {
              key: "total",
              cells: [
                "Total",
                number.format(deliveries.total),
                ...SIGNATURE_VERDICTS.map((verdict) => (
                  <Link
                    key={verdict}
                    href={listHref({ ...whole, verdict: [verdict] })}
                    className="text-indigo-700 hover:underline"
                  >
                    {number.format(deliveries[verdict])}
                  </Link>
                )),
              ],
            },
          ]}
        />
      )}
    </DetailSection>
  );
}

function FailureRateCard({ overview }: { overview: Overview }) {
  const { window, deliveries } = overview;
  const data = deliveries.buckets.map((bucket) => ({
    label: bucketLabel(bucket.start, window.bucket),
    rate: bucket.failureRate === null ? null : Math.round(bucket.failureRate * 1000) / 10,
  }));
  const failures = deliveries.invalid + deliveries.missing;
  return (
    <DetailSection
      id="failure-rate"
      title="Signature failure rate"
      description={
        <>
          Invalid or missing signatures, as a share of deliveries:{" "}
          <Link
            href={listHref({ from: window.from, to: window.to, verdict: ["invalid", "missing"] })}
            className="font-medium text-indigo-700 hover:underline"
          >
            {number.format(failures)} of {number.format(deliveries.total)}
            {deliveries.failureRate !== null && ` (${percent.format(deliveries.failureRate)})`}
          </Link>
        </>
      }
    >
      <div
        role="img"
        aria-label={`Signature failure rate ${window.bucket === "hour" ? "per hour" : "per day"}, in per cent`}
        className="h-48 w-full"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
            <YAxis unit=" %" domain={[0, "auto"]} tick={{ fontSize: 11 }} width={48} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="rate"
              name="Failure rate (%)"
              stroke="#dc2626"
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption="Signature failure rate"
        head={[window.bucket === "hour" ? "Hour (UTC)" : "Day (UTC)", "Deliveries", "Failures", "Rate"]}
        rows={deliveries.buckets.map((bucket) => ({
          key: bucket.start,
          cells: [
            bucketLabel(bucket.start, window.bucket),
            number.format(SIGNATURE_VERDICTS.reduce((sum, verdict) => sum + bucket[verdict], 0)),
            number.format(bucket.invalid + bucket.missing),
            bucket.failureRate === null ? "–" : percent.format(bucket.failureRate),
          ],
        }))}
      />
    </DetailSection>
  );
}

function FetchesCard({ overview }: { overview: Overview }) {
  const { window, fetches, budget } = overview;
  const data = fetches.buckets.map((bucket) => ({ label: bucketLabel(bucket.start, window.bucket), ...bucket }));
  return (
    <DetailSection
      id="fetches"
      title="Snapshot fetches"
      description={`${number.format(fetches.succeeded)} succeeded, ${number.format(fetches.total - fetches.succeeded)} failed.`}
    >
      <BudgetMeter budget={budget} />
      <StackedBars
        id="fetches-chart"
        label={`Snapshot fetches ${window.bucket === "hour" ? "per hour" : "per day"}, succeeded and failed`}
        data={data}
        series={FETCH_SERIES}
      />
      {fetches.failures.length > 0 && (
        <ul className="mt-2 text-xs text-slate-600" aria-label="Failures by reason">
          {fetches.failures.map((failure) => (
            <li key={failure.outcome}>
              <span className="font-mono">{failure.outcome}</span>: {number.format(failure.count)}
            </li>
          ))}
        </ul>
      )}
      <ChartTable
        caption="Snapshot fetches"
        head={[window.bucket === "hour" ? "Hour (UTC)" : "Day (UTC)", "Succeeded", "Failed"]}
        rows={fetches.buckets.map((bucket) => ({
          key: bucket.start,
          cells: [
            bucketLabel(bucket.start, window.bucket),
            number.format(bucket.succeeded),
            number.format(bucket.failed),
          ],
        }))}
      />
    </DetailSection>
  );
}

function BudgetMeter({ budget }: { budget: Overview["budget"] }) {
  if (!budget) return <p className="mb-3 text-xs text-slate-500">No Accelo API is set, so nothing is fetched.</p>;
  const share = Math.min(1, budget.used / budget.hourlyBudget);
  return (
    <div className="mb-3 text-xs text-slate-600">
      <p>
        API budget this hour: {number.format(budget.used)} of {number.format(budget.hourlyBudget)} requests (
        {percent.format(share)})
        {budget.blockedUntil && `, paused by Accelo until ${hourLabel.format(new Date(budget.blockedUntil))} UTC`}
      </p>
      <meter
        className="sr-only"
        aria-label="API budget used this hour"
        min={0}
        max={budget.hourlyBudget}
        value={budget.used}
      />
      <div aria-hidden className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100 ring-1 ring-slate-200">
        <div
          className={clsx("h-full", share >= 0.9 ? "bg-red-600" : share >= 0.7 ? "bg-amber-500" : "bg-indigo-600")}
          style={{ width: `${share * 100}%` }}
        />
      </div>
    </div>
  );
}

function ForwardingCard({ overview }: { overview: Overview }) {
  const { forwarding } = overview;
  const data = forwarding.map((entry) => ({
    label: entry.name ?? `Destination #${entry.destinationId} (deleted)`,
    succeeded: entry.succeeded,
    failed: entry.failed,
  }));
  return (
    <DetailSection
      id="forwarding"
      title="Forwarding"
      description={
        <>
          Attempts per destination.{" "}
          <Link href={listHref({ forward: "failed" })} className="font-medium text-indigo-700 hover:underline">
            Deliveries a destination gave up on
          </Link>
        </>
      }
    >
      {forwarding.length === 0 ? (
        <p className="text-sm text-slate-500">
          No destination yet:{" "}
          <Link href="/settings/destinations" className="text-indigo-700 hover:underline">
            add one
          </Link>{" "}
          to forward deliveries.
        </p>
      ) : (
        <>
          <StackedBars
            id="forwarding-chart"
            label="Forward attempts per destination, succeeded and failed"
            data={data}
            series={FETCH_SERIES}
            layout="vertical"
          />
          <ChartTable
            caption="Forward attempts per destination"
            head={["Destination", "Succeeded", "Failed", "Success rate"]}
            rows={forwarding.map((entry, index) => ({
              key: String(entry.destinationId),
              cells: [
                data[index].label,
                number.format(entry.succeeded),
                number.format(entry.failed),
                entry.succeeded + entry.failed === 0
                  ? "–"
                  : percent.format(entry.succeeded / (entry.succeeded + entry.failed)),
              ],
            }))}
          />
        </>
      )}
    </DetailSection>
  );
}

function BusiestObjectsCard({ overview }: { overview: Overview }) {
  const { busiestObjects } = overview;
  const data = busiestObjects.map((object) => ({
    label: `${object.resourceType} ${object.resourceId}`,
    deliveries: object.count,
  }));
  const series: Series[] = [{ key: "deliveries", label: "Deliveries", color: "#4f46e5", pattern: "solid" }];
  return (
    <DetailSection
      id="busiest-objects"
      title="Busiest objects"
      description="The Accelo objects with the most deliveries."
    >
      {busiestObjects.length === 0 ? (
        <p className="text-sm text-slate-500">No delivery named an object in this range.</p>
      ) : (
        <>
          <StackedBars
            id="objects-chart"
            label="Deliveries per object, busiest first"
            data={data}
            series={series}
            layout="vertical"
          />
          <ChartTable
            caption="Busiest objects"
            head={["Object", "Deliveries"]}
            rows={busiestObjects.map((object) => ({
              key: `${object.resourceType}/${object.resourceId}`,
              cells: [
                <Link
                  key="object"
                  href={`/resources/${encodeURIComponent(object.resourceType)}/${encodeURIComponent(object.resourceId)}`}
                  className="text-indigo-700 hover:underline"
                >
                  {object.resourceType} {object.resourceId}
                </Link>,
                number.format(object.count),
              ],
            }))}
          />
        </>
      )}
    </DetailSection>
  );
}
