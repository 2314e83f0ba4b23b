import { CircleHelp } from "lucide-react";
import { FIELD_HELP } from "@/lib/deliveries/search/fields";

/** What the search box understands, one click from it. */
export function SearchHelp() {
  return (
    <details className="group relative">
      <summary className="flex h-9 cursor-pointer list-none items-center gap-1 rounded-md px-2 text-sm text-slate-600 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <CircleHelp aria-hidden className="size-4" />
        Search syntax
      </summary>
      <div className="absolute left-0 z-50 mt-2 w-[34rem] max-w-[90vw] rounded-xl bg-white p-4 text-sm text-slate-700 shadow-lg ring-1 ring-slate-200">
        <p>
          Words match anywhere in the object id, resource URL or body, ignoring case. Every term must match; separate
          terms with spaces.
        </p>
        <table className="mt-3 w-full text-left">
          <tbody>
            {FIELD_HELP.map((field) => (
              <tr key={field.syntax} className="border-t border-slate-100 align-top">
                <td className="py-1.5 pr-3 font-mono text-xs text-indigo-800">{field.example}</td>
                <td className="py-1.5 text-xs">{field.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-xs">
          <li>
            A field value matches whole; <span className="font-mono">*</span> stands for any characters, as in{" "}
            <span className="font-mono">resource_url:*quotes*</span> (then case is ignored).
          </li>
          <li>
            Quote values with spaces or colons: <span className="font-mono">"two words"</span>,{" "}
            <span className="font-mono">payload.note:"a b"</span>.
          </li>
          <li>
            A leading <span className="font-mono">-</span> excludes:{" "}
            <span className="font-mono">-event:assign_task</span>.
          </li>
        </ul>
      </div>
    </details>
  );
}
