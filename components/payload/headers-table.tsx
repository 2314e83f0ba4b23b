import clsx from "clsx";

/** The headers Accelo documents: the ones that say which event fired and who signed it. */
const ACCELO_HEADERS: Record<string, string> = {
  "x-accelo-event": "The event that fired",
  "x-hub-signature": "HMAC of the body, keyed with the subscription's secret",
};

/** Every header in the order received, Accelo's own marked. */
export function HeadersTable({ headers }: { headers: readonly (readonly [string, string])[] }) {
  return (
    <table className="w-full text-left text-sm" aria-label="Request headers">
      <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
        <tr>
          <th scope="col" className="w-64 py-2 pr-4 font-medium">
            Name
          </th>
          <th scope="col" className="py-2 font-medium">
            Value
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {headers.map(([name, value], index) => {
          const accelo = ACCELO_HEADERS[name.toLowerCase()];
          return (
            <tr
              key={index}
              data-accelo={accelo ? "true" : undefined}
              className={clsx("align-top", accelo && "bg-sky-50/70")}
            >
              <th scope="row" className="py-2 pr-4 font-mono text-[13px] font-medium text-slate-800">
                <span className="break-all">{name}</span>
                {accelo && (
                  <span
                    title={accelo}
                    className="ml-2 inline-block rounded bg-sky-100 px-1.5 py-0.5 font-sans text-[11px] font-semibold text-sky-800 ring-1 ring-sky-600/20 ring-inset"
                  >
                    Accelo
                  </span>
                )}
              </th>
              <td className="py-2 font-mono text-[13px] break-all text-slate-700">{value}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
