import { z } from "zod";

// The receiver stores a form body as an object of its fields, a repeated name as a list.
const formFieldsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

function formRows(payloadJson: string): (readonly [string, string])[] | null {
  let fields: unknown;
  try {
    fields = JSON.parse(payloadJson);
  } catch {
    return null;
  }
  const parsed = formFieldsSchema.safeParse(fields);
  if (!parsed.success) return null;
  return Object.entries(parsed.data).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((each) => [name, each] as const),
  );
}

/** A form body decoded: one row per field, a repeated field once per value. */
export function FormFieldsTable({ payloadJson }: { payloadJson: string }) {
  const rows = formRows(payloadJson);
  if (!rows) return <p className="text-sm text-red-700">The decoded form fields could not be read.</p>;

  return (
    <table className="w-full text-left text-sm" aria-label="Decoded form fields">
      <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
        <tr>
          <th scope="col" className="w-48 py-2 pr-4 font-medium">
            Field
          </th>
          <th scope="col" className="py-2 font-medium">
            Value (decoded)
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(([name, value], index) => (
          <tr key={index} className="align-top">
            <th scope="row" className="py-2 pr-4 font-mono text-[13px] font-medium text-rose-800">
              {name}
            </th>
            <td className="py-2 font-mono text-[13px] break-all whitespace-pre-wrap text-slate-800">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
