// Hours and days as the rollups and the overview count them: UTC, so every instance and every
// browser agrees on where an hour starts.

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The start of the hour an instant falls in. */
export function hourOf(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS);
}

/** The start of the UTC day an instant falls in. */
export function dayOf(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

/** A window of whole hours: from inclusive, to exclusive, both at an hour's start. */
export interface HourWindow {
  from: Date;
  to: Date;
}

/**
 * A window cut into the whole UTC days it spans and the hours left before and after them, so that
 * a long range is read a row per day from the daily rollups and only its ends from the hourly ones.
 */
export function splitIntoDays({ from, to }: HourWindow): { days: HourWindow | null; hours: HourWindow[] } {
  const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const lastDay = dayOf(to);
  if (firstDay >= lastDay) return { days: null, hours: [{ from, to }] };
  const hours: HourWindow[] = [];
  if (from < firstDay) hours.push({ from, to: firstDay });
  if (lastDay < to) hours.push({ from: lastDay, to });
  return { days: { from: firstDay, to: lastDay }, hours };
}
