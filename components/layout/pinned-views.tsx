import Link from "next/link";
import { BUILT_IN_VIEWS, listViews } from "@/lib/deliveries/saved-views";

/**
 * The views, pinned in the main navigation. Rendered on the server with the layout; saving or
 * deleting a view refreshes it (components/deliveries/view-controls.tsx).
 */
export async function PinnedViews() {
  // With the database away, the built-in views still lead to the list, which says what is wrong.
  const views = await listViews().catch(() => BUILT_IN_VIEWS);
  return (
    <ul
      aria-label="Views"
      className="flex max-w-[40vw] items-center gap-1 overflow-x-auto border-l border-slate-200 pl-2"
    >
      {views.map((view) => (
        <li key={view.id}>
          <Link
            href={`/deliveries?${view.query}`}
            className="block rounded-md px-2 py-1.5 whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            {view.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
