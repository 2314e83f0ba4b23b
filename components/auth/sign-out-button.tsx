import { LogOut } from "lucide-react";

/** A plain form, so signing out works before the page's scripts have loaded. */
export function SignOutButton() {
  return (
    <form method="post" action="/api/auth/sign-out">
      <button
        type="submit"
        className="inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 transition hover:bg-slate-100 hover:text-slate-900"
      >
        <LogOut aria-hidden className="size-4" />
        Sign out
      </button>
    </form>
  );
}
