import type { ReactNode } from "react";

/**
 * A chart's figures as a table, folded under it: what a screen reader reads, what a person who
 * cannot tell the colours apart reads, and what can be copied.
 */
export function ChartTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: readonly string[];
  /** One per bucket or item; `key` names it (a bucket's start, an object's id). */
  rows: readonly { key: string; cells: readonly ReactNode[] }[];
}) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-xs font-medium text-indigo-700 hover:text-indigo-900">
        Show as table
      </summary>
      <div className="mt-2 max-h-96 overflow-auto rounded-lg ring-1 ring-slate-200">
        <table className="w-full text-left text-xs tabular-nums">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-slate-50 text-slate-600">
            <tr>
              {head.map((label, index) => (
                <th key={label} scope="col" className={index === 0 ? "px-3 py-1.5" : "px-3 py-1.5 text-right"}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map(({ key, cells }) => (
              <tr key={key}>
                {cells.map((cell, index) =>
                  index === 0 ? (
                    <th
                      key={head[index]}
                      scope="row"
                      className="px-3 py-1 font-normal whitespace-nowrap text-slate-700"
                    >
                      {cell}
                    </th>
                  ) : (
                    <td key={head[index]} className="px-3 py-1 text-right text-slate-900">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
