"use client";

import { Laptop, LogOut } from "lucide-react";
import { DetailSection } from "@/components/ui/detail-section";
import { exactTime, relativeTo } from "@/components/ui/received-at";
import { useEndAllSessions, useEndSession, useSessions } from "@/lib/query/use-account";

const BUTTON =
  "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium ring-1 transition disabled:opacity-60";

/** Every browser signed in, with a way to end one or all of them. */
export function SessionsPanel() {
  const sessions = useSessions();
  const endOne = useEndSession();
  const endAll = useEndAllSessions();

  const signOutEverywhere = async () => {
    await endAll.mutateAsync();
    window.location.assign("/login");
  };

  return (
    <DetailSection
      id="sessions"
      title="Sessions"
      description="Browsers signed in to this dashboard. Ending a session signs it out at once, even where its cookie was copied."
      actions={
        <button
          type="button"
          onClick={signOutEverywhere}
          disabled={endAll.isPending}
          className={`${BUTTON} text-red-700 ring-red-600/30 hover:bg-red-50`}
        >
          <LogOut aria-hidden className="size-4" />
          Sign out all sessions
        </button>
      }
    >
      {sessions.isPending && <p className="text-sm text-slate-500">Loading sessions…</p>}
      {sessions.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not load the sessions: {sessions.error.message}
        </p>
      )}
      {endOne.isError && (
        <p role="alert" className="mb-2 text-sm text-red-700">
          Could not end the session: {endOne.error.message}
        </p>
      )}
      {sessions.data && (
        <ul aria-label="Sessions" className="divide-y divide-slate-100">
          {sessions.data.sessions.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center gap-3 py-2.5 text-sm">
              <Laptop aria-hidden className="size-4 text-slate-400" />
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-slate-800" title={session.userAgent}>
                  {session.userAgent || "Unknown browser"}
                  {session.current && (
                    <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-600/20">
                      This browser
                    </span>
                  )}
                </p>
                <p className="text-xs text-slate-500">
                  from {session.source} · signed in{" "}
                  <time dateTime={session.createdAt} title={exactTime(session.createdAt)}>
                    {relativeTo(new Date(session.createdAt), new Date())}
                  </time>{" "}
                  · last seen{" "}
                  <time dateTime={session.lastSeenAt} title={exactTime(session.lastSeenAt)}>
                    {relativeTo(new Date(session.lastSeenAt), new Date())}
                  </time>
                </p>
              </div>
              <button
                type="button"
                disabled={endOne.isPending}
                onClick={async () => {
                  await endOne.mutateAsync(session.id);
                  if (session.current) window.location.assign("/login");
                }}
                className={`${BUTTON} text-slate-700 ring-slate-300 hover:bg-slate-50`}
              >
                {session.current ? "Sign out" : "End session"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </DetailSection>
  );
}
