const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

export function relativeTo(then: Date, now: Date): string {
  let amount = (then.getTime() - now.getTime()) / 1000;
  for (const [unit, perNext] of STEPS) {
    if (Math.abs(amount) < perNext) return RELATIVE.format(Math.round(amount), unit);
    amount /= perNext;
  }
  return then.toISOString();
}

/** The exact instant in UTC, to the millisecond: the same for every reader, whatever their zone. */
export function exactTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

/** "3 minutes ago", with the exact instant on hover, as of when the server rendered the page. */
export function ReceivedAt({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)} className={className}>
      {relativeTo(new Date(iso), new Date())}
    </time>
  );
}
