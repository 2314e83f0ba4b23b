import { LogOut } from "lucide-react";
import { SIGN_OUT_ACTION } from "@/lib/query/session";

/** A plain form, so signing out works before the page's scripts have loaded. */
export function SignOutButton() {
  return (
    <form method="post" action={SIGN_OUT_ACTION}>
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
