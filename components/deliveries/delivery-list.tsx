"use client";

import { useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { ArrowUp, ChevronLeft, ChevronRight, CircleAlert, SearchX } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { BulkReplay } from "@/components/destinations/bulk-replay";
import { decodeDeliveryCursor } from "@/lib/deliveries/cursor";
import {
  type DeliveryFilters,
  deliveryFiltersSchema,
  hasActiveFilters,
  serializeDeliveryFilters,
} from "@/lib/deliveries/filters";
import type { DeliveryListPage, RecentFailures } from "@/lib/deliveries/schemas";
import { queryKeys } from "@/lib/query/keys";
import { useDeliveryList } from "@/lib/query/use-deliveries";
import { DeliveryFiltersBar, type FilterChange } from "./delivery-filters-bar";
import { DELIVERY_GRID, DeliveryRow } from "./delivery-row";
import { FailuresBanner } from "./failures-banner";
import { FirstDeliveryGuide } from "./first-delivery-guide";
import { ViewControls } from "./view-controls";

/** How often the newest page asks for deliveries that arrived since. */
const LIVE_POLL_MS = 2_500;
/** How long rows just let in by the "new deliveries" button stay highlighted. */
const FRESH_HIGHLIGHT_MS = 4_000;

// The URL is the list's only state: filters change it in place (replaceState), paging adds a
// history entry (pushState), and Next keeps useSearchParams in step with both without asking the
// server to render the page again; React Query fetches the rows.
function showQuery(query: string, mode: "push" | "replace") {
  const url = query ? `?${query}` : window.location.pathname;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

interface DeliveryListProps {
  /** The query string the server rendered `serverPage` for. */
  serverQuery: string;
  serverPage: DeliveryListPage | null;
  serverFailures: RecentFailures;
  receiverUrl: string;
}

/** The delivery list: failures banner, filters, and the page of deliveries the URL names. */
export function DeliveryList({ serverQuery, serverPage, serverFailures, receiverUrl }: DeliveryListProps) {
  const searchParams = useSearchParams();
  const parsed = useMemo(() => readFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const onChange = (base: DeliveryFilters) => (change: FilterChange) =>
    showQuery(serializeDeliveryFilters({ ...base, ...change, cursor: undefined }), "replace");

  return (
    <div className="space-y-4">
      <FailuresBanner initial={serverFailures} onShow={(query) => showQuery(query, "push")} />
      {parsed.kind === "ok" ? (
        <>
          <DeliveryFiltersBar filters={parsed.filters} onChange={onChange(parsed.filters)} />
          <ViewControls filters={parsed.filters} />
          <BulkReplay filters={parsed.filters} />
          <DeliveryPage
            filters={parsed.filters}
            serverQuery={serverQuery}
            serverPage={serverPage}
            receiverUrl={receiverUrl}
          />
        </>
      ) : parsed.kind === "search-error" ? (
        // Only the search is wrong: keep the box, so it can be fixed where it was typed.
        <DeliveryFiltersBar
          filters={{ ...parsed.filters, q: parsed.q }}
          onChange={onChange(parsed.filters)}
          searchError={parsed.message}
        />
      ) : (
        <div
          role="alert"
          className="rounded-xl bg-amber-50 p-5 text-sm text-amber-950 ring-1 ring-amber-600/30 ring-inset"
        >
          <p className="font-medium">This address holds filters the list cannot read:</p>
          <ul className="mt-2 list-disc space-y-0.5 pl-5">
            {parsed.issues.map((issue) => (
              <li key={`${issue.path.join(".")}:${issue.message}`}>
                <span className="font-mono">{issue.path.join(".") || "query"}</span>: {issue.message}
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => showQuery("", "replace")}
            className="mt-3 font-semibold underline underline-offset-2"
          >
            Show all deliveries
          </button>
        </div>
      )}
    </div>
  );
}

type ReadFilters =
  | { kind: "ok"; filters: DeliveryFilters }
  | { kind: "search-error"; filters: DeliveryFilters; q: string; message: string }
  | { kind: "error"; issues: { path: PropertyKey[]; message: string }[] };

/** The URL's filters; a search the parser refuses is told apart from other faults. */
function readFilters(params: URLSearchParams): ReadFilters {
  const parsed = deliveryFiltersSchema.safeParse(params);
  if (parsed.success) return { kind: "ok", filters: parsed.data };
  const q = params.get("q");
  if (q !== null && parsed.error.issues.every((issue) => issue.path[0] === "q")) {
    const withoutSearch = new URLSearchParams(params);
    withoutSearch.delete("q");
    const rest = deliveryFiltersSchema.safeParse(withoutSearch);
    if (rest.success) return { kind: "search-error", filters: rest.data, q, message: parsed.error.issues[0].message };
  }
  return { kind: "error", issues: parsed.error.issues };
}

function DeliveryPage({
  filters,
  serverQuery,
  serverPage,
  receiverUrl,
}: {
  filters: DeliveryFilters;
  serverQuery: string;
  serverPage: DeliveryListPage | null;
  receiverUrl: string;
}) {
  const query = serializeDeliveryFilters(filters);
  const isNewestPage = !filters.cursor;
  const queryClient = useQueryClient();
  const result = useDeliveryList(filters, {
    initialData: query === serverQuery && serverPage ? serverPage : undefined,
    pollMs: isNewestPage ? LIVE_POLL_MS : false,
  });
  const latest = result.isPlaceholderData ? undefined : result.data;

  // On the newest page, rows the reader is looking at stay put: polled deliveries wait behind
  // the "new deliveries" button until asked for (or come in at once when the list was empty).
  const [shown, setShown] = useState<{ query: string; page: DeliveryListPage } | null>(null);
  const [freshAbove, setFreshAbove] = useState<number | null>(null);
  if (latest && (shown?.query !== query || (shown.page.items.length === 0 && latest.items.length > 0))) {
    setShown({ query, page: latest });
    setFreshAbove(null);
  }
  const page = isNewestPage && shown?.query === query ? shown.page : result.data;
  const topId = page?.items[0]?.id ?? 0;
  const waiting = isNewestPage && latest ? latest.items.filter((item) => item.id > topId).length : 0;
  const pending = waiting > 0 ? latest : undefined;
  const moreWaiting = pending !== undefined && waiting === pending.items.length && pending.nextCursor !== null;

  useEffect(() => {
    if (freshAbove === null) return;
    const timer = setTimeout(() => setFreshAbove(null), FRESH_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [freshAbove]);

  // "Newer" that reaches the top lands on the newest page: drop the cursor so the URL says so
  // and the page goes live.
  useEffect(() => {
    if (!latest || latest.prevCursor !== null || !filters.cursor) return;
    if (decodeDeliveryCursor(filters.cursor)?.direction !== "newer") return;
    const newest = { ...filters, cursor: undefined };
    queryClient.setQueryData(queryKeys.deliveries.list(newest), latest);
    showQuery(serializeDeliveryFilters(newest), "replace");
  }, [latest, filters, queryClient]);

  const goTo = (cursor: string | null) => {
    showQuery(serializeDeliveryFilters({ ...filters, cursor: cursor ?? undefined }), "push");
    window.scrollTo({ top: 0 });
  };

  if (!page) {
    return result.isError ? <LoadError error={result.error} /> : <LoadingRows />;
  }

  const isNewInstall = page.items.length === 0 && isNewestPage && !hasActiveFilters(filters);
  if (isNewInstall) return <FirstDeliveryGuide receiverUrl={receiverUrl} />;

  return (
    <section aria-label="Deliveries" className="relative">
      {result.isError && <LoadError error={result.error} />}
      <div
        className={clsx(
          "overflow-clip rounded-xl bg-white shadow-xs ring-1 ring-slate-200 transition-opacity",
          result.isPlaceholderData && "opacity-60",
        )}
        aria-busy={result.isPlaceholderData}
      >
        <div
          className={clsx(
            DELIVERY_GRID,
            "sticky top-14 z-20 border-b border-l-4 border-b-slate-200 border-l-transparent bg-slate-50/95 px-4 py-2 text-xs font-medium tracking-wide text-slate-500 uppercase backdrop-blur",
          )}
        >
          <span>Received</span>
          <span>Id</span>
          <span>Event</span>
          <span>Type</span>
          <span>Object</span>
          <span>Signature</span>
          <span>Status</span>
          <span>Notes</span>
        </div>
        {pending && (
          // Zero height, so it floats over the first rows and stays in view under the sticky
          // column header while the reader scrolls.
          <div className="pointer-events-none sticky top-[5.75rem] z-30 flex h-0 items-start justify-center">
            <button
              type="button"
              onClick={() => {
                setShown({ query, page: pending });
                setFreshAbove(topId);
              }}
              className="pointer-events-auto mt-2 inline-flex items-center gap-1.5 rounded-full bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white shadow-lg ring-1 ring-indigo-700 transition hover:bg-indigo-500"
            >
              <ArrowUp aria-hidden className="size-4" />
              {waiting}
              {moreWaiting ? "+" : ""} new {waiting === 1 && !moreWaiting ? "delivery" : "deliveries"}
            </button>
          </div>
        )}
        {page.items.length > 0 ? (
          <ol aria-label="Deliveries, newest first">
            {page.items.map((item) => (
              <DeliveryRow key={item.id} item={item} fresh={freshAbove !== null && item.id > freshAbove} />
            ))}
          </ol>
        ) : (
          <NoRows filtered={hasActiveFilters(filters)} searchLimited={page.searchLimited} olderPage={!isNewestPage} />
        )}
        {page.searchLimited && page.items.length > 0 && (
          <p className="border-t border-slate-100 bg-slate-50 px-4 py-2 text-xs text-slate-600">
            A text search reads a bounded stretch of history per page; fewer matches than a full page were found in it.
            “Older” searches further back.
          </p>
        )}
      </div>

      <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-3 text-sm">
        <p className="text-slate-500">
          {isNewestPage ? (
            <span className="inline-flex items-center gap-1.5">
              <span className="relative flex size-2">
                <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />
                <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
              </span>
              Live · newest first
            </span>
          ) : (
            <button type="button" onClick={() => goTo(null)} className="font-medium text-indigo-700 hover:underline">
              Back to the newest
            </button>
          )}
        </p>
        <div className="flex gap-2">
          <PageButton disabled={!page.prevCursor} onClick={() => goTo(page.prevCursor)}>
            <ChevronLeft aria-hidden className="size-4" />
            Newer
          </PageButton>
          <PageButton disabled={!page.nextCursor} onClick={() => goTo(page.nextCursor)}>
            Older
            <ChevronRight aria-hidden className="size-4" />
          </PageButton>
        </div>
      </nav>
    </section>
  );
}

function PageButton({ disabled, onClick, children }: { disabled: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      disabled={disabled}
      onClick={onClick}
      className="inline-flex items-center gap-1 rounded-md bg-white px-3 py-1.5 font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset transition hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-white"
    >
      {children}
    </button>
  );
}

function NoRows({
  filtered,
  searchLimited,
  olderPage,
}: {
  filtered: boolean;
  searchLimited: boolean;
  olderPage: boolean;
}) {
  const message = searchLimited
    ? "No matches in this stretch of history. “Older” keeps searching further back."
    : filtered
      ? "No deliveries match these filters."
      : olderPage
        ? "No older deliveries."
        : "No deliveries.";
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-14 text-center text-sm text-slate-500">
      <SearchX aria-hidden className="size-6 text-slate-400" />
      <p>{message}</p>
    </div>
  );
}

function LoadingRows() {
  return (
    <div aria-busy className="space-y-px overflow-hidden rounded-xl bg-white shadow-xs ring-1 ring-slate-200">
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className="h-10 animate-pulse bg-slate-100/70" />
      ))}
    </div>
  );
}

function LoadError({ error }: { error: Error }) {
  return (
    <div
      role="alert"
      className="mb-3 flex items-center gap-2 rounded-lg bg-red-50 px-4 py-2.5 text-sm text-red-900 ring-1 ring-red-600/20 ring-inset"
    >
      <CircleAlert aria-hidden className="size-4 shrink-0 text-red-600" />
      Could not load deliveries: {error.message}
    </div>
  );
}
